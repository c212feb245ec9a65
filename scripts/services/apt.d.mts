export class MissingPrerequisite extends Error {}
export function ensureAptPackages(packages: string[], why: string): Promise<void>;
