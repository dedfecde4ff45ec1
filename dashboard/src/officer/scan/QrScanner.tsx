// A full-screen QR scanner: the live camera where the browser can detect codes itself, and
// always a "take a photo" button (the phone's camera app) whose picture is decoded here.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeQrFromImage, qrDetector } from './decodeQr';

interface Props {
  title: string;
  onText: (text: string) => void;
  onClose: () => void;
}

const DETECT_EVERY_MS = 250;

export function QrScanner({ title, onText, onClose }: Props) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [live, setLive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;

  const finish = (text: string) => {
    if (done.current) return;
    done.current = true;
    onTextRef.current(text);
  };

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | null = null;
    let cancelled = false;
    void (async () => {
      const detector = await qrDetector();
      if (!detector || !navigator.mediaDevices?.getUserMedia || cancelled) return;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
      } catch {
        // Camera refused or absent: the photo button remains.
        return;
      }
      if (cancelled || !video.current) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      setLive(true);
      timer = window.setInterval(() => {
        if (!video.current || video.current.readyState < 2) return;
        detector.detect(video.current).then(
          (codes) => codes[0] && finish(codes[0].rawValue),
          () => undefined,
        );
      }, DETECT_EVERY_MS);
    })();
    return () => {
      cancelled = true;
      if (timer !== null) window.clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    // Once per opening: `finish` only reads refs and the latest onText through them.
  }, []);

  const onPhoto = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const text = await decodeQrFromImage(file);
      if (text) finish(text);
      else setError(t('officerApp.scan.notFound'));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sheet" role="dialog" aria-modal="true" aria-label={title} data-testid="qr-scanner">
      <div className="sheet-header">
        <h2>{title}</h2>
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <video ref={video} className="scanner-video" hidden={!live} muted playsInline />
      {live && <p className="hint">{t('officerApp.scan.pointCamera')}</p>}
      <label className="btn btn-primary btn-block file-button">
        {busy ? t('officerApp.scan.reading') : t('officerApp.scan.takePhoto')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          data-testid="qr-photo-input"
          disabled={busy}
          onChange={(event) => {
            void onPhoto(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </label>
      {error && (
        <p className="notice notice-warn" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
