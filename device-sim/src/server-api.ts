// The REST calls the simulator makes, typed with the shared wire schemas. A 4xx answer is a
// ServerRejection carrying the server's own message; network failures are plain errors.
import type {
  Device,
  DeviceSelf,
  DeviceTokenIssued,
  FixBatch,
  FixBatchAck,
  LoginResponse,
  OnDutyOfficer,
  Officer,
  OfficerUpdateBody,
  ShiftCreateBody,
  StreetCollection,
  StreamKeyIssued,
  Task,
  TaskAction,
  TaskActionBody,
} from '@fcc/shared';

export class ServerRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly what: string,
  ) {
    super(`${what}: ${status} ${message}`);
    this.name = 'ServerRejection';
  }
}

const TIMEOUT_MS = 15_000;

export class ServerApi {
  constructor(
    readonly baseUrl: string,
    private readonly bearer: string | null = null,
  ) {}

  as(token: string): ServerApi {
    return new ServerApi(this.baseUrl, token);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // Not JSON (a proxy's page): the raw text says more than nothing.
      }
      throw new ServerRejection(response.status, message.slice(0, 300), `${method} ${path}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  health(): Promise<{ status: string }> {
    return this.request('GET', '/healthz');
  }

  login(username: string, password: string): Promise<LoginResponse> {
    return this.request('POST', '/api/auth/login', { username, password });
  }

  // Staff (administrator or operator)
  devices(): Promise<Device[]> {
    return this.request('GET', '/api/devices');
  }
  officers(): Promise<Officer[]> {
    return this.request('GET', '/api/officers');
  }
  updateOfficer(officerId: string, body: OfficerUpdateBody): Promise<Officer> {
    return this.request('PATCH', `/api/officers/${officerId}`, body);
  }
  createDevice(body: { kind: Device['kind']; name: string; uniqueId: string }): Promise<Device> {
    return this.request('POST', '/api/devices', body);
  }
  issueToken(deviceId: string): Promise<DeviceTokenIssued> {
    return this.request('POST', `/api/devices/${deviceId}/token`);
  }
  onDuty(): Promise<OnDutyOfficer[]> {
    return this.request('GET', '/api/duty');
  }
  addShift(officerId: string, body: ShiftCreateBody): Promise<{ id: string }> {
    return this.request('POST', `/api/officers/${officerId}/shifts`, body);
  }
  deleteShift(shiftId: string): Promise<void> {
    return this.request('DELETE', `/api/shifts/${shiftId}`);
  }
  /** Administrator: a new RTMP stream key for the device (replaces the previous one). */
  issueStreamKey(deviceId: string): Promise<StreamKeyIssued> {
    return this.request('POST', `/api/media/devices/${deviceId}/stream-key`);
  }

  // Device token
  self(): Promise<DeviceSelf> {
    return this.request('GET', '/api/device/self');
  }
  streetsForDevice(): Promise<StreetCollection> {
    return this.request('GET', '/api/device/map/streets');
  }
  sendPositions(batch: FixBatch): Promise<FixBatchAck> {
    return this.request('POST', '/api/device/positions', batch);
  }
  taskStep(taskId: string, action: TaskAction, body: TaskActionBody = {}): Promise<Task> {
    return this.request('POST', `/api/device/tasks/${taskId}/${action}`, body);
  }
  sos(body: { location?: { lat: number; lon: number }; note?: string }): Promise<{ taskId: string | null }> {
    return this.request('POST', '/api/device/sos', body);
  }
}
