import type { Document } from 'yaml';

/** Problems the yaml library would only warn about, with their offsets in the text (see the .cjs). */
export function yamlDocProblems(doc: Document.Parsed, max: number): { offset: number; message: string }[];
