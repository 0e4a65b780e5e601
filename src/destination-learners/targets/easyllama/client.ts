import { SystemError } from "../../../protocol/index.js";
import type { HttpRequest, HttpTarget } from "../http-target.js";
import { recordWrites } from "../record-writes.js";
import type { LlamaBody, LlamaLearner } from "./learner-fields.js";
import { isRecord } from "../../../shared/is-record.js";

type Row = Readonly<Record<string, unknown>>;

/** A per-record answer: the record, or EasyLlama's `{error}` message for a 4xx. */
export type LlamaOutcome =
  | { readonly ok: true; readonly record: Row | undefined }
  | { readonly ok: false; readonly status: number; readonly error: string };

export interface Training {
  readonly id: number;
  readonly name: string;
}

export interface LearnerTraining {
  readonly learnerId: number;
  readonly trainingId: number;
}

export interface LlamaClient {
  /** Active and archived learners (`status=all`), optionally filtered by email or external_id. */
  learners(filter?: { readonly email?: string; readonly external_id?: string }): Promise<LlamaLearner[]>;
  trainings(): Promise<Training[]>;
  learnerTrainings(filter?: {
    readonly learner_id: number;
    readonly training_id: number;
  }): Promise<LearnerTraining[]>;
  createLearner(body: LlamaBody): Promise<LlamaOutcome>;
  updateLearner(id: number, body: LlamaBody): Promise<LlamaOutcome>;
  /** DELETE archives in EasyLlama; it never hard-deletes. */
  archiveLearner(id: number): Promise<LlamaOutcome>;
  assignTraining(learnerId: number, trainingId: number): Promise<LlamaOutcome>;
}

/** A page cap far above any real tenant, so a server that ignores `page` cannot loop us forever. */
const MAX_PAGES = 100_000;

export function createLlamaClient(http: HttpTarget): LlamaClient {
  const sendRecord = recordWrites(http);
  /**
   * A request about one record: 4xx and a 5xx still failing after its retries are EasyLlama's word on this
   * record, which the caller rejects with its `error`; the sync goes on.
   */
  const call = async (request: HttpRequest, key?: string): Promise<LlamaOutcome> => {
    const answer = await sendRecord(request);
    const body = isRecord(answer.body) ? answer.body : {};
    if (answer.status >= 200 && answer.status < 300) {
      const record = key === undefined ? body : body[key];
      return { ok: true, record: isRecord(record) ? record : undefined };
    }
    if (answer.status >= 400) {
      const error = typeof body.error === "string" ? body.error : `HTTP ${answer.status}`;
      return { ok: false, status: answer.status, error };
    }
    throw new SystemError(`EasyLlama answered ${request.method} ${request.path} with HTTP ${answer.status}.`);
  };

  /** Pages are 1-based with no totals: read until an empty page (works whatever the real page size is). */
  const all = async (
    path: string,
    key: string,
    params: Record<string, string | number> = {},
  ): Promise<Row[]> => {
    const rows: Row[] = [];
    let previousFirst: unknown;
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const answer = await http.send({ method: "GET", path, params: { ...params, page } });
      const list = isRecord(answer.body) ? answer.body[key] : undefined;
      if (answer.status !== 200 || !Array.isArray(list)) {
        throw new SystemError(
          `EasyLlama answered GET ${path} (page ${page}) with HTTP ${answer.status} and no '${key}'.`,
        );
      }
      const items = list.filter(isRecord);
      if (items.length === 0) return rows;
      // The same first record twice means `page` is ignored: stop rather than read one page forever.
      if (items[0]?.id !== undefined && items[0].id === previousFirst) return rows;
      previousFirst = items[0]?.id;
      rows.push(...items);
    }
    return rows;
  };

  return {
    async learners(filter = {}) {
      const rows = await all("/learners", "learners", { status: "all", ...filter });
      return rows.flatMap((record) => (typeof record.id === "number" ? [{ id: record.id, record }] : []));
    },
    async trainings() {
      const rows = await all("/trainings", "trainings");
      return rows.flatMap((row) =>
        typeof row.id === "number" && typeof row.name === "string" ? [{ id: row.id, name: row.name }] : [],
      );
    },
    async learnerTrainings(filter) {
      const rows = await all(
        "/learner_trainings",
        "learner_trainings",
        filter === undefined ? {} : { ...filter },
      );
      return rows.flatMap((row) =>
        typeof row.learner_id === "number" && typeof row.training_id === "number"
          ? [{ learnerId: row.learner_id, trainingId: row.training_id }]
          : [],
      );
    },
    createLearner: (body) => call({ method: "POST", path: "/learners", body }, "learner"),
    updateLearner: (id, body) => call({ method: "PATCH", path: `/learners/${id}`, body }, "learner"),
    archiveLearner: (id) => call({ method: "DELETE", path: `/learners/${id}` }),
    assignTraining: (learnerId, trainingId) =>
      call(
        {
          method: "POST",
          path: `/learners/${learnerId}/learner_trainings`,
          body: { learner_id: learnerId, training_id: trainingId },
        },
        "learner_training",
      ),
  };
}
