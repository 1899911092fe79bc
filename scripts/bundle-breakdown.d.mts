/** Types of bundle-breakdown.mjs, for the page benchmark. */
export function breakdown(file: string): { file: string; bytes: number; parts: Record<string, number> };
