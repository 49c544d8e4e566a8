/** DI tokens of the API module. */
export const API_CLOCK = Symbol('ApiClock');
