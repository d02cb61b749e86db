import { addSurfaceFiles } from '../actions';
import { filesFromDrop, filesFromInput } from '../pickedFiles';
import { DropZone } from './DropZone';

/** Where the user drops or picks their own surfaces and per-vertex maps for the Brain panel. */
export function AddSurfaceFiles() {
  return (
    <DropZone testId="surface-dropzone" onDrop={(data) => void filesFromDrop(data).then(addSurfaceFiles)}>
      <div className="row">
        <label className="button">
          Add surfaces or maps…
          <input
            type="file"
            hidden
            multiple
            // Named apart from the panel's Map select, which tests and screen readers find by "Map".
            aria-label="Surface files"
            data-testid="surface-files-input"
            onChange={(e) => void addSurfaceFiles(filesFromInput(e.target.files))}
          />
        </label>
        <span className="muted">
          or drop them here: FreeSurfer (lh.pial, lh.inflated, lh.curv, lh.sulc, .annot, .label), GIfTI (.gii,
          .gii.gz), MGH/MGZ overlays, 1-D .npy
        </span>
      </div>
    </DropZone>
  );
}
