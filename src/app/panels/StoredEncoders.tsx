/** Encoders kept in this browser (open, download, delete), and a drop zone for an encoder file. */
import { deleteEncoder, downloadEncoder, openEncoderFiles, openStoredEncoder } from '../fit';
import { useStudio } from '../store';
import { DropZone } from './DropZone';
import { StoredFiles } from './StoredFiles';

export function StoredEncoders() {
  const stored = useStudio((s) => s.fit.stored);
  const openId = useStudio((s) => s.fit.open?.id);
  return (
    <section>
      <h3>Encoders</h3>
      {stored.length > 0 && (
        <StoredFiles
          files={stored}
          open={openId}
          testId="stored-encoders"
          onOpen={(name) => void openStoredEncoder(name)}
          onDownload={(name) => void downloadEncoder(name)}
          onDelete={(name) => void deleteEncoder(name)}
        />
      )}
      <DropZone testId="encoder-dropzone" onDrop={(data) => void openEncoderFiles(Array.from(data.files))}>
        <p>
          Drop an encoder file (<code>.h5</code>, downloaded from here or written by{' '}
          <code>boldstudio fit</code>) here to open it. Encoders are kept in this browser.
        </p>
        <label className="button">
          Open encoder…
          <input
            type="file"
            hidden
            accept=".h5,.hdf5"
            data-testid="encoder-input"
            onChange={(e) => {
              void openEncoderFiles(Array.from(e.target.files ?? []));
              e.target.value = '';
            }}
          />
        </label>
      </DropZone>
    </section>
  );
}
