import { useState } from 'react';
import type { DatasetReport } from '../../core/nsd/inspect';
import { addFiles, buildBundle } from '../actions';
import { filesFromDrop, filesFromInput } from '../pickedFiles';
import { useStudio } from '../store';
import { DropZone } from './DropZone';

const volumeSpace = (space: string) => space === 'func1pt8mm' || space === 'func1mm';

function DatasetRow({ dataset }: { dataset: DatasetReport }) {
  const volume = volumeSpace(dataset.space);
  const [roi, setRoi] = useState(
    volume ? (dataset.rois.includes('nsdgeneral') ? 'nsdgeneral' : dataset.rois[0]) : '',
  );
  const [imageSize, setImageSize] = useState(224);
  const algonauts = dataset.layout === 'algonauts';
  const label = `subj${String(dataset.subject).padStart(2, '0')} ${algonauts ? 'Algonauts 2023 (fsaverage)' : dataset.space}${dataset.hemi ? ` ${dataset.hemi}` : ''}`;
  const blocked = dataset.missing.length > 0 || (volume && !roi);
  return (
    <li className="dataset" data-testid="dataset">
      <strong>{label}</strong>
      {algonauts ? ' · challenge vertices, both hemispheres' : ` · sessions ${dataset.sessions.join(', ')}`}
      {dataset.missing.length > 0 ? (
        <ul className="missing">
          {dataset.missing.map((m) => (
            <li key={m}>missing: {m}</li>
          ))}
        </ul>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const common = { subject: dataset.subject, imageSize, appVersion: __APP_VERSION__ };
            void buildBundle(
              algonauts
                ? { layout: 'algonauts', options: common }
                : {
                    layout: 'nsd',
                    options: { ...common, space: dataset.space, hemi: dataset.hemi, roi: roi || undefined },
                  },
            );
          }}
        >
          {!algonauts && (
            <label>
              Units{' '}
              <select value={roi} onChange={(e) => setRoi(e.target.value)} aria-label={`Units for ${label}`}>
                {!volume && <option value="">all vertices</option>}
                {dataset.rois.map((r) => (
                  <option key={r} value={r}>
                    {r} &gt; 0
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            Image size{' '}
            <input
              type="number"
              min={8}
              max={1024}
              value={imageSize}
              onChange={(e) => setImageSize(Number(e.target.value))}
              aria-label={`Image size for ${label}`}
            />
          </label>
          <button type="submit" disabled={blocked}>
            Build bundle
          </button>
        </form>
      )}
    </li>
  );
}

export function DataFiles() {
  const inventory = useStudio((s) => s.inventory);
  return (
    <section>
      <h3>Your files</h3>
      <DropZone testId="dropzone" onDrop={(data) => void filesFromDrop(data).then(addFiles)}>
        <p>
          Drop NSD or Algonauts files or folders here (betas, nsd_stimuli.hdf5, design, ROIs), or a saved
          bundle. They are read in place and never leave this machine.
        </p>
        <div className="row">
          <label className="button">
            Choose folder…
            <input
              type="file"
              hidden
              multiple
              // @ts-expect-error: webkitdirectory is a non-standard attribute React passes through.
              webkitdirectory=""
              data-testid="folder-input"
              onChange={(e) => void addFiles(filesFromInput(e.target.files))}
            />
          </label>
          <label className="button">
            Choose files…
            <input
              type="file"
              hidden
              multiple
              data-testid="files-input"
              onChange={(e) => void addFiles(filesFromInput(e.target.files))}
            />
          </label>
        </div>
      </DropZone>
      {inventory && (
        <>
          <ul className="datasets">
            {inventory.datasets.map((d) => (
              <DatasetRow key={`${d.layout}/${d.subject}/${d.space}/${d.hemi}`} dataset={d} />
            ))}
          </ul>
          <details open={inventory.files.some((f) => f.problem)}>
            <summary>
              {inventory.files.length} files
              {inventory.files.some((f) => f.problem) && (
                <span className="error">
                  {' '}
                  · {inventory.files.filter((f) => f.problem).length} with problems
                </span>
              )}
            </summary>
            <table className="files" data-testid="file-list">
              <tbody>
                {inventory.files.map((f) => (
                  <tr key={f.path} className={f.problem ? 'error' : ''}>
                    <td>{f.path}</td>
                    <td>{f.kind}</td>
                    <td>{f.problem ?? f.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
