// The local style has no glyphs or sprites, so the few pictures MapLibre needs (cluster counts,
// officer name tags, task and camera icons) are drawn on a canvas here. Text images are made on
// demand when MapLibre asks for a missing image, i.e. only for symbols actually in view. One
// resolver per map: the officers layer installs it, the tasks and cameras layers rely on it.
import type { Map } from 'maplibre-gl';

export const COUNT_IMAGE_PREFIX = 'fcc-count:';
export const TAG_IMAGE_PREFIX = 'fcc-tag:';
/** Followed by a colour, e.g. `fcc-task:#ff8a3d`: a square, so tasks never read as officers. */
export const TASK_IMAGE_PREFIX = 'fcc-task:';
/** Followed by a colour and, for a camera that cannot be reached, `:off` (struck through). */
export const CAMERA_IMAGE_PREFIX = 'fcc-camera:';

const FONT_FAMILY = "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

/** Answers MapLibre's requests for count, tag, task and camera images; returns the uninstaller. */
export function installGeneratedImages(map: Map): () => void {
  const pixelRatio = Math.max(1, Math.round(window.devicePixelRatio || 1));

  map.setMissingStyleImageResolver((id) => {
    if (map.hasImage(id)) return;
    if (id.startsWith(COUNT_IMAGE_PREFIX)) {
      map.addImage(id, drawText(id.slice(COUNT_IMAGE_PREFIX.length), pixelRatio, 'count'), { pixelRatio });
    } else if (id.startsWith(TASK_IMAGE_PREFIX)) {
      map.addImage(id, drawTaskSquare(id.slice(TASK_IMAGE_PREFIX.length), pixelRatio), { pixelRatio });
    } else if (id.startsWith(CAMERA_IMAGE_PREFIX)) {
      const [colour = '#8a96a3', flag] = id.slice(CAMERA_IMAGE_PREFIX.length).split(':');
      map.addImage(id, drawCamera(colour, flag === 'off', pixelRatio), { pixelRatio });
    } else if (id.startsWith(TAG_IMAGE_PREFIX)) {
      map.addImage(id, drawText(id.slice(TAG_IMAGE_PREFIX.length), pixelRatio, 'tag'), { pixelRatio });
    }
  });
  return () => {
    map.setMissingStyleImageResolver(null);
  };
}

function context2d(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas: cannot draw map labels');
  return context;
}

function drawTaskSquare(colour: string, ratio: number): ImageData {
  const size = 18 * ratio;
  const c = context2d(size, size);
  c.scale(ratio, ratio);
  c.translate(9, 9);
  c.rotate(Math.PI / 4);
  c.fillStyle = colour;
  c.strokeStyle = '#0c1117';
  c.lineWidth = 2;
  c.fillRect(-5.5, -5.5, 11, 11);
  c.strokeRect(-5.5, -5.5, 11, 11);
  return c.getImageData(0, 0, size, size);
}

/** A camera body with its lens on a dark disc: not a dot, so it never reads as an officer. */
function drawCamera(colour: string, struck: boolean, ratio: number): ImageData {
  const size = 26 * ratio;
  const c = context2d(size, size);
  c.scale(ratio, ratio);
  c.beginPath();
  c.arc(13, 13, 12, 0, Math.PI * 2);
  c.fillStyle = 'rgba(12, 17, 23, 0.85)';
  c.fill();
  c.lineWidth = 1.5;
  c.strokeStyle = colour;
  c.stroke();
  // Body and the lens hood on its right.
  c.fillStyle = colour;
  roundedRect(c, 5.5, 9, 10.5, 8, 1.5);
  c.fill();
  c.beginPath();
  c.moveTo(16, 11.5);
  c.lineTo(20.5, 9);
  c.lineTo(20.5, 17);
  c.lineTo(16, 14.5);
  c.closePath();
  c.fill();
  c.beginPath();
  c.arc(10.75, 13, 2, 0, Math.PI * 2);
  c.fillStyle = '#0c1117';
  c.fill();
  if (struck) {
    c.beginPath();
    c.moveTo(6, 20);
    c.lineTo(20, 6);
    c.lineWidth = 2.5;
    c.strokeStyle = '#0c1117';
    c.stroke();
    c.lineWidth = 1.5;
    c.strokeStyle = colour;
    c.stroke();
  }
  return c.getImageData(0, 0, size, size);
}

function drawText(text: string, ratio: number, kind: 'count' | 'tag'): ImageData {
  const fontSize = kind === 'count' ? 13 : 12;
  const font = `600 ${fontSize}px ${FONT_FAMILY}`;
  const measure = context2d(1, 1);
  measure.font = font;
  const textWidth = Math.ceil(measure.measureText(text).width);
  const paddingX = kind === 'count' ? 0 : 5;
  const height = kind === 'count' ? 18 : 18;
  const width = kind === 'count' ? Math.max(18, textWidth + 4) : textWidth + paddingX * 2;
  const c = context2d(width * ratio, height * ratio);
  c.scale(ratio, ratio);
  if (kind === 'tag') {
    c.fillStyle = 'rgba(12, 17, 23, 0.78)';
    roundedRect(c, 0, 0, width, height, 4);
    c.fill();
  }
  c.font = font;
  c.fillStyle = kind === 'count' ? '#0c1117' : '#dde5ec';
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  c.fillText(text, width / 2, height / 2 + 0.5);
  return c.getImageData(0, 0, width * ratio, height * ratio);
}

function roundedRect(
  c: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  c.beginPath();
  c.moveTo(x + r, y);
  c.arcTo(x + w, y, x + w, y + h, r);
  c.arcTo(x + w, y + h, x, y + h, r);
  c.arcTo(x, y + h, x, y, r);
  c.arcTo(x, y, x + w, y, r);
  c.closePath();
}
