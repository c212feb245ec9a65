export { createHttpVisitApi, type HttpVisitApi, type HttpVisitApiOptions } from './http-visit-api.js';
export { clinicianStatusFrom, isLateMinutes, lateMinutesMax } from './clinician-status.js';
