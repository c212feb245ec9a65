// The patient portal's one Attune tag: device check, waiting room and visit in <attune-session>.
import '@attune/elements/device-check.js';
import '@attune/elements/session.js';
import { clinicConfig, demoVisitApi, e2eeWorker } from './demo-login.js';

const config = await clinicConfig();
const session = document.querySelector('attune-session')!;
session.livekitUrl = config.livekitUrl;
session.worker = e2eeWorker();
session.api = demoVisitApi(config, 'patient-1');
