import type { z } from "zod";
import type { StreamReporter, StreamStateBlob } from "../../protocol/index.js";

/** What a full-refresh read leaves behind; an incremental stream starts afresh from it without complaint. */
const NO_CURSOR_KEY = "__ab_no_cursor_state_message";

/**
 * The saved state of an incremental stream, or undefined to start afresh. A state of another shape (an older
 * version, a hand-edited file) is not worth failing a sync over: it is logged as a WARN and the stream reads
 * everything again, which only costs time.
 */
export async function parseSavedState<T>(
  schema: z.ZodType<T>,
  blob: StreamStateBlob | undefined,
  out: StreamReporter,
): Promise<T | undefined> {
  if (blob === undefined || NO_CURSOR_KEY in blob) return undefined;
  const parsed = schema.safeParse(blob);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
  await out.log(
    "WARN",
    `The saved state ${JSON.stringify(blob).slice(0, 200)} is not one this stream understands` +
      `${where} (${issue?.message ?? "invalid"}); reading everything again.`,
  );
  return undefined;
}
