-- The audit trail of one recording (or case …) is read by its target: GET /api/recordings/:id/audit.
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id","id");
