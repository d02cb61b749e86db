/**
 * Label names of NSD's ROI sets, for when no .ctab file comes with the ROIs (Algonauts ships its
 * mappings as pickles, which the browser cannot read). Source: the NSD data manual's ROI page; a
 * .ctab given by the user always wins.
 */
export const NSD_LABEL_NAMES: Record<string, string[]> = {
  nsdgeneral: ['nsdgeneral'],
  'prf-visualrois': ['V1v', 'V1d', 'V2v', 'V2d', 'V3v', 'V3d', 'hV4'],
  'prf-eccrois': ['ecc0pt5', 'ecc1', 'ecc2', 'ecc4', 'ecc4+'],
  'floc-faces': ['OFA', 'FFA-1', 'FFA-2', 'mTL-faces', 'aTL-faces'],
  'floc-bodies': ['EBA', 'FBA-1', 'FBA-2', 'mTL-bodies'],
  'floc-places': ['OPA', 'PPA', 'RSC'],
  'floc-words': ['OWFA', 'VWFA-1', 'VWFA-2', 'mfs-words', 'mTL-words'],
  streams: ['early', 'midventral', 'midlateral', 'midparietal', 'ventral', 'lateral', 'parietal'],
};

/** Names for labels 1..max: from the table when given, else NSD's known names, else "<set> k". */
export function namesFor(set: string, max: number, table?: string[]): string[] {
  const names = [...(table?.length ? table : (NSD_LABEL_NAMES[set] ?? []))];
  for (let k = names.length; k < max; k++) names.push(`${set} ${k + 1}`);
  return names;
}
