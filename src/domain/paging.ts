// Lists page by `first` and an opaque `after` cursor: `first` is 0..100 (default 20), and
// `first: 0` answers `totalCount` and `pageInfo` without rows. The bounds are read by the schema's
// arguments and by the cost estimate, which must agree on them.
export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;
