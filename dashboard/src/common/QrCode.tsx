// A QR code drawn as SVG squares (crisp on any screen, and printable), from qrcode-generator.
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

const QUIET_ZONE = 4; // modules of white around the code, as the standard asks

interface Props {
  text: string;
  /** CSS pixels per side. */
  size: number;
  label: string;
}

export function QrCode({ text, size, label }: Props) {
  const { path, side } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const count = qr.getModuleCount();
    const squares: string[] = [];
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (qr.isDark(row, col)) squares.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
      }
    }
    return { path: squares.join(''), side: count + 2 * QUIET_ZONE };
  }, [text]);
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${side} ${side}`}
      shapeRendering="crispEdges"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
