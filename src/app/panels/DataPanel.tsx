import { useEffect, useState } from 'react';
import { DEFAULT_DEMO } from '../../core/demo';
import { downloadBundle, fetchStimuli, loadDemo } from '../actions';
import { useStudio } from '../store';
import { DataFiles } from './DataFiles';
import { StoredBundles } from './StoredBundles';
import { Thumbnails } from './Thumbnails';

const THUMBNAILS = 12;

function useThumbnails(subjectKey: string | undefined, count: number) {
  const [thumbs, setThumbs] = useState<{ size: number; pixels: Uint8Array; indices: number[] } | undefined>();
  useEffect(() => {
    if (!subjectKey || count === 0) return;
    let live = true;
    const indices = Array.from({ length: Math.min(THUMBNAILS, count) }, (_, k) =>
      Math.floor((k * count) / THUMBNAILS),
    );
    fetchStimuli(indices)
      .then((t) => live && setThumbs({ ...t, indices }))
      .catch((error: Error) =>
        useStudio.getState().notify('error', `Could not read stimuli: ${error.message}`),
      );
    return () => {
      live = false;
    };
  }, [subjectKey, count]);
  return thumbs;
}

function DemoForm() {
  const [seed, setSeed] = useState(DEFAULT_DEMO.seed);
  const [imageCount, setImageCount] = useState(DEFAULT_DEMO.imageCount);
  const testCount = Math.max(1, Math.round((imageCount * DEFAULT_DEMO.testCount) / DEFAULT_DEMO.imageCount));
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void loadDemo({ ...DEFAULT_DEMO, seed, imageCount, testCount });
      }}
    >
      <label>
        Seed <input type="number" value={seed} min={0} onChange={(e) => setSeed(Number(e.target.value))} />
      </label>
      <label>
        Images{' '}
        <input
          type="number"
          value={imageCount}
          min={20}
          max={5000}
          step={10}
          onChange={(e) => setImageCount(Number(e.target.value))}
        />
      </label>
      <button type="submit">Rebuild demo</button>
    </form>
  );
}

export function DataPanel() {
  const summary = useStudio((s) => s.subject?.summary);
  const key = summary
    ? `${summary.source}:${summary.subject}:${summary.trainImages}:${summary.units}`
    : undefined;
  const totalImages = summary ? summary.trainImages + summary.testImages : 0;
  const thumbs = useThumbnails(key, totalImages);
  return (
    <section>
      <h2>Data</h2>
      <DataFiles />
      <StoredBundles />
      <h3>Built-in demo subject</h3>
      <p className="muted">Generated in your browser from a seed; nothing is downloaded.</p>
      <DemoForm />
      <h3>Current subject</h3>
      {summary ? (
        <>
          <table className="facts" data-testid="subject-summary">
            <tbody>
              <tr>
                <th>Subject</th>
                <td>
                  {summary.subject} ({summary.space})
                </td>
              </tr>
              <tr>
                <th>Units</th>
                <td>
                  {summary.units.toLocaleString()}{' '}
                  {summary.space === 'func1pt8mm' || summary.space === 'func1mm'
                    ? 'voxels'
                    : 'surface vertices'}
                </td>
              </tr>
              <tr>
                <th>Images</th>
                <td>
                  {summary.trainImages} train · {summary.testImages} test · {summary.imageSize}×
                  {summary.imageSize} px
                </td>
              </tr>
              <tr>
                <th>Median noise ceiling</th>
                <td>{summary.medianNoiseCeiling.toFixed(1)} %</td>
              </tr>
              {summary.rois.map((roi) => (
                <tr key={roi.name}>
                  <th>ROIs ({roi.name})</th>
                  <td>{roi.labels.map((l) => `${l.name} (${l.units})`).join(', ')}</td>
                </tr>
              ))}
              {summary.hemispheres.map((h) => (
                <tr key={h.name}>
                  <th>Surface {h.name}</th>
                  <td>
                    {h.vertices.toLocaleString()} vertices · {h.faces.toLocaleString()} faces ·{' '}
                    {h.surfaces.join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button onClick={() => void downloadBundle()}>Download bundle (.h5)</button>
          </div>
          {thumbs && (
            <Thumbnails
              size={thumbs.size}
              pixels={thumbs.pixels}
              labels={thumbs.indices.map((i) => `image ${i}`)}
            />
          )}
        </>
      ) : (
        <p className="muted">Building the demo subject…</p>
      )}
    </section>
  );
}
