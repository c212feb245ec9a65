export { createHttpVisitApi, type HttpVisitApi, type HttpVisitApiOptions } from './http-visit-api.js';
