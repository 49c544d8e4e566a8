/** DI tokens of the API module. */
export const API_CLOCK = Symbol('ApiClock');
/** `(err) => boolean`: is this error the database being away (ApiDependencies.isStorageOutage)? */
export const API_STORAGE_OUTAGE = Symbol('ApiStorageOutage');
