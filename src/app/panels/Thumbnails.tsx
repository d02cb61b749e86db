import { useEffect, useRef } from 'react';

/** Draws `count` RGB images (size × size × 3 each, concatenated) as small canvases. */
export function Thumbnails({ size, pixels, labels }: { size: number; pixels: Uint8Array; labels: string[] }) {
  const refs = useRef<(HTMLCanvasElement | null)[]>([]);
  useEffect(() => {
    const frame = size * size * 3;
    refs.current.forEach((canvas, k) => {
      if (!canvas) return;
      const rgba = new ImageData(size, size);
      for (let p = 0; p < size * size; p++) {
        rgba.data[p * 4] = pixels[k * frame + p * 3];
        rgba.data[p * 4 + 1] = pixels[k * frame + p * 3 + 1];
        rgba.data[p * 4 + 2] = pixels[k * frame + p * 3 + 2];
        rgba.data[p * 4 + 3] = 255;
      }
      canvas.getContext('2d')?.putImageData(rgba, 0, 0);
    });
  }, [size, pixels]);
  return (
    <div className="thumbs">
      {labels.map((label, k) => (
        <figure key={label}>
          <canvas ref={(el) => void (refs.current[k] = el)} width={size} height={size} />
          <figcaption>{label}</figcaption>
        </figure>
      ))}
    </div>
  );
}
