// The printable check-in label of an inspection target: its QR code with the target's name and
// address beneath, as an SVG that prints sharp at any size.
import qrcode from 'qrcode-generator';

const MODULE = 8; // px per QR module at 100 %
const QUIET_ZONE = 4; // modules of white around the code, as the standard asks

export function checkInLabelSvg(payload: string, caption: readonly string[]): string {
  const qr = qrcode(0, 'M');
  qr.addData(payload, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const squares: string[] = [];
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) squares.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
    }
  }
  const side = (count + 2 * QUIET_ZONE) * MODULE;
  const fontSize = (index: number) => (index === 0 ? 22 : 16);
  const width = Math.ceil(
    Math.max(
      side,
      ...caption.map((line, index) => textWidth(line, fontSize(index)) + 2 * QUIET_ZONE * MODULE),
    ),
  );
  const lineHeight = 28;
  const height = side + caption.length * lineHeight + 12;
  const lines = caption
    .map(
      (line, index) =>
        `<text x="${width / 2}" y="${side + (index + 1) * lineHeight - 6}" text-anchor="middle" ` +
        `font-family="sans-serif" font-size="${fontSize(index)}">${escapeXml(line)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<path transform="translate(${(width - side) / 2} 0) scale(${MODULE})" fill="#000" d="${squares.join('')}"/>${lines}</svg>`
  );
}

/** A generous estimate of a line's width: Chinese characters are square, Latin about 0.6 em. */
function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += char.codePointAt(0)! >= 0x2e80 ? 1 : 0.62;
  return ems * fontSize;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
