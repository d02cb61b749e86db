/**
 * Backbones the user dropped in, kept in OPFS (`models/<sha256>.onnx` + `.json` with the name and the
 * preprocessing) so they survive reloads; built-in models are served with the app from `models/`, and
 * an edited built-in preprocessing is kept in OPFS as `models/builtin-<file>.json`.
 */
import { sha256Hex } from '../src/core/backbone/cacheKey';
import { parsePreprocessing, type Preprocessing } from '../src/core/backbone/preprocess';
import { entries, opfsDir, readFile, writeFile } from './opfs';

export interface ModelRecord {
  /** SHA-256 of the ONNX bytes, or `builtin:<file>` for a model shipped with the app. */
  id: string;
  name: string;
  size: number;
  preprocessing: Preprocessing;
  /** For built-in models: where the weights come from and their license. */
  source?: string;
}

interface BuiltinEntry {
  file: string;
  label: string;
  source: string;
  license: string;
}

const ROOT = 'models';
const BUILTIN = 'builtin:';
const overrideFile = (id: string) => `builtin-${id.slice(BUILTIN.length)}.json`;
const appUrl = (path: string) => new URL(`${import.meta.env.BASE_URL}${path}`, self.location.origin).href;

async function fetchOk(path: string): Promise<Response> {
  const response = await fetch(appUrl(path));
  if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
  return response;
}

export async function builtinModels(): Promise<ModelRecord[]> {
  const index = (await (await fetchOk('models/index.json')).json()) as BuiltinEntry[];
  return Promise.all(
    index.map(async (m) => ({
      id: `builtin:${m.file}`,
      name: m.label,
      size: Number(
        (await fetch(appUrl(`models/${m.file}`), { method: 'HEAD' })).headers.get('content-length') ?? 0,
      ),
      preprocessing: parsePreprocessing(
        await (await fetchOk(`models/${m.file}.json`)).json(),
        `${m.file}.json`,
      ),
      source: `${m.source} (${m.license})`,
    })),
  );
}

export async function storedModels(): Promise<ModelRecord[]> {
  const dir = await opfsDir(ROOT);
  const out: ModelRecord[] = [];
  for (const [name] of await entries(dir)) {
    if (!name.endsWith('.json') || name.startsWith('builtin-')) continue;
    out.push(JSON.parse(await (await readFile(dir, name))!.text()) as ModelRecord);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function loadModelBytes(id: string): Promise<Uint8Array> {
  if (id.startsWith(BUILTIN)) {
    return new Uint8Array(await (await fetchOk(`models/${id.slice(BUILTIN.length)}`)).arrayBuffer());
  }
  const file = await readFile(await opfsDir(ROOT), `${id}.onnx`);
  if (!file) throw new Error(`the stored model ${id.slice(0, 12)} is gone from this browser's storage`);
  return new Uint8Array(await file.arrayBuffer());
}

export async function modelRecord(id: string): Promise<ModelRecord> {
  if (id.startsWith(BUILTIN)) {
    const found = (await builtinModels()).find((m) => m.id === id);
    if (!found) throw new Error(`no built-in model ${id.slice(BUILTIN.length)}`);
    return found;
  }
  const file = await readFile(await opfsDir(ROOT), `${id}.json`);
  if (!file) throw new Error(`the stored model ${id.slice(0, 12)} is gone from this browser's storage`);
  return JSON.parse(await file.text()) as ModelRecord;
}

/** Store a dropped model (the caller has checked it); returns its record. */
export async function storeModel(
  name: string,
  bytes: Uint8Array,
  preprocessing: Preprocessing,
): Promise<ModelRecord> {
  const id = await sha256Hex(bytes);
  const dir = await opfsDir(ROOT);
  const record: ModelRecord = { id, name, size: bytes.length, preprocessing };
  await writeFile(dir, `${id}.onnx`, bytes);
  await writeFile(dir, `${id}.json`, JSON.stringify(record));
  return record;
}

/** Save edited preprocessing: in a stored model's record, or as a built-in model's override. */
export async function savePreprocessing(id: string, preprocessing: Preprocessing): Promise<ModelRecord> {
  const record = { ...(await modelRecord(id)), preprocessing };
  const dir = await opfsDir(ROOT);
  if (id.startsWith(BUILTIN)) await writeFile(dir, overrideFile(id), JSON.stringify(preprocessing));
  else await writeFile(dir, `${id}.json`, JSON.stringify(record));
  return record;
}

export async function deleteModel(id: string): Promise<void> {
  const dir = await opfsDir(ROOT);
  await dir.removeEntry(`${id}.onnx`).catch(() => {});
  await dir.removeEntry(`${id}.json`).catch(() => {});
}
