import { addModelFiles, deleteModel, openModel } from '../backbone';
import { megabytes } from '../format';
import { useStudio } from '../store';
import { DropZone } from './DropZone';

/** Built-in and stored backbones, and a drop zone for the user's own ONNX file (plus sidecar). */
export function ModelPicker() {
  const models = useStudio((s) => s.backbone.models);
  const openId = useStudio((s) => s.backbone.open?.record.id);
  return (
    <section>
      <h3>Model</h3>
      <table className="files" data-testid="models">
        <tbody>
          {models.map((m) => (
            <tr key={m.id}>
              <td>
                {m.name}
                {m.id === openId && <span className="ok"> · open</span>}
                {m.source && <div className="muted">{m.source}</div>}
              </td>
              <td>{megabytes(m.size)}</td>
              <td>
                <button onClick={() => void openModel(m.id, m.name)} disabled={m.id === openId}>
                  Open
                </button>
                {!m.id.startsWith('builtin:') && (
                  <>
                    {' '}
                    <button onClick={() => void deleteModel(m.id)} aria-label={`Delete ${m.name}`}>
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <DropZone testId="model-dropzone" onDrop={(data) => void addModelFiles(Array.from(data.files))}>
        <p>
          Drop an ONNX image model here (with its <code>model.onnx.json</code> preprocessing sidecar if it has
          one). It is checked on this machine’s backend and kept in this browser.
        </p>
        <label className="button">
          Choose model…
          <input
            type="file"
            hidden
            multiple
            accept=".onnx,.json"
            data-testid="model-input"
            onChange={(e) => void addModelFiles(Array.from(e.target.files ?? []))}
          />
        </label>
      </DropZone>
    </section>
  );
}
