/**
 * Controls for the surface view: which surface to show, the colour scale of a scalar map (symmetric
 * or not, vmin, vmax, threshold), whether to draw region outlines, and saving the view as a PNG.
 * Every control is a prop and a callback; the panel holding the view keeps the state.
 */
import { useId } from 'react';
import type { ValueExtent } from '../../viewer/scale';

/** The adjustable part of a scalar overlay. */
export interface ScaleSettings {
  vmin: number;
  vmax: number;
  threshold: number;
  symmetric: boolean;
}

export interface SurfaceToolbarProps {
  /** The surfaces every hemisphere has (`surfaceChoices`); none hides the choice (the voxel cloud). */
  surfaces: readonly string[];
  surface: string;
  onSurfaceChange: (surface: string) => void;
  /** The scalar map's scale and the extent of its values (`valueExtent`); omit both for label maps. */
  scale?: ScaleSettings;
  extent?: ValueExtent;
  onScaleChange?: (scale: ScaleSettings) => void;
  /** Whether region outlines are drawn; omit when there are no regions to outline. */
  outlines?: boolean;
  onOutlinesChange?: (outlines: boolean) => void;
  onSavePNG: () => void;
}

/** Slider steps per full range: fine enough to feel continuous. */
const SLIDER_STEPS = 200;

/** Three significant digits, as the colour bar writes them. */
const format = (v: number) => String(Number(v.toPrecision(3)));

interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}

function Slider({ label, value, min, max, onChange }: SliderProps) {
  const id = useId();
  // A constant map has no range to slide over; give the slider a token one.
  const top = max > min ? max : min + 1;
  return (
    <span>
      <label htmlFor={id}>{label}</label>{' '}
      <input
        id={id}
        type="range"
        min={min}
        max={top}
        step={(top - min) / SLIDER_STEPS}
        value={Math.min(top, Math.max(min, value))}
        onChange={(e) => onChange(Number(e.target.value))}
      />{' '}
      <output htmlFor={id}>{format(value)}</output>
    </span>
  );
}

export function SurfaceToolbar({
  surfaces,
  surface,
  onSurfaceChange,
  scale,
  extent,
  onScaleChange,
  outlines,
  onOutlinesChange,
  onSavePNG,
}: SurfaceToolbarProps) {
  const change = (patch: Partial<ScaleSettings>) => scale && onScaleChange?.({ ...scale, ...patch });
  return (
    <div className="row" role="toolbar" aria-label="Surface view">
      {surfaces.length > 0 && (
        <label>
          Surface{' '}
          <select value={surface} onChange={(e) => onSurfaceChange(e.target.value)}>
            {surfaces.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      )}
      {scale && extent && onScaleChange && (
        <>
          <label>
            <input
              type="checkbox"
              checked={scale.symmetric}
              onChange={(e) => change({ symmetric: e.target.checked })}
            />{' '}
            Symmetric
          </label>
          {scale.symmetric ? (
            <Slider
              label="±max"
              value={Math.max(Math.abs(scale.vmin), Math.abs(scale.vmax))}
              min={0}
              max={extent.maxAbs}
              onChange={(limit) => change({ vmin: -limit, vmax: limit })}
            />
          ) : (
            <>
              <Slider
                label="vmin"
                value={scale.vmin}
                min={extent.min}
                max={extent.max}
                onChange={(vmin) => change({ vmin: Math.min(vmin, scale.vmax) })}
              />
              <Slider
                label="vmax"
                value={scale.vmax}
                min={extent.min}
                max={extent.max}
                onChange={(vmax) => change({ vmax: Math.max(vmax, scale.vmin) })}
              />
            </>
          )}
          <Slider
            label="Threshold"
            value={scale.threshold}
            min={0}
            max={extent.maxAbs}
            onChange={(threshold) => change({ threshold })}
          />
        </>
      )}
      {outlines !== undefined && onOutlinesChange && (
        <label>
          <input type="checkbox" checked={outlines} onChange={(e) => onOutlinesChange(e.target.checked)} />{' '}
          Outlines
        </label>
      )}
      <button type="button" onClick={onSavePNG}>
        Save PNG
      </button>
    </div>
  );
}
