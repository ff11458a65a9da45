import type { Model } from 'mongoose';

/** Path -> validator kind of every error Mongoose reports for `doc` ({} when it is valid). */
export async function validationErrors(
  model: Model<any>,
  doc: object,
): Promise<Record<string, string>> {
  try {
    await new model(doc).validate();
    return {};
  } catch (err) {
    const errors = (err as { errors?: Record<string, { kind: string }> }).errors;
    if (!errors) throw err;
    return Object.fromEntries(Object.entries(errors).map(([path, e]) => [path, e.kind]));
  }
}
