import { useEffect } from 'react';
import { deleteStored, downloadStored, openStored, refreshStored } from '../actions';
import { useStudio } from '../store';
import { StoredFiles } from './StoredFiles';

export function StoredBundles() {
  const stored = useStudio((s) => s.stored);
  const current = useStudio((s) => s.subject?.storedAs);
  useEffect(() => {
    refreshStored().catch((error: Error) =>
      useStudio.getState().notify('error', `Stored bundles: ${error.message}`),
    );
  }, []);
  if (stored.length === 0) return null;
  return (
    <section>
      <h3>Bundles kept in this browser</h3>
      <StoredFiles
        files={stored}
        open={current}
        testId="stored-bundles"
        onOpen={(name) => void openStored(name)}
        onDownload={(name) => void downloadStored('bundles', name)}
        onDelete={(name) => void deleteStored(name)}
      />
    </section>
  );
}
