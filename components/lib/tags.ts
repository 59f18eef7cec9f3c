/** Tags applied to every taggable child of a component. */
export type Tags = Record<string, string>;

/** Merges tag maps left to right; later keys win. */
export function mergeTags(...maps: (Tags | undefined)[]): Tags {
    return Object.assign({}, ...maps.filter((m) => m !== undefined));
}
