/**
 * Legacy (non-UTF-8) encodings: detection plugs into the codec here.
 * Until a detector is registered, such files are reported and left alone.
 */
export {};
