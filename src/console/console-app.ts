import { z } from "zod";
import { COURSE_TRIGGERS } from "../destination-learners/config.js";
import type { DestinationConfig } from "../destination-learners/config.js";
import { destinationLearners } from "../destination-learners/destination.js";
import {
  DEFAULT_FIELD_MAPPING,
  LABEL_FIELDS,
  LEARNER_FIELDS_MAPPABLE,
} from "../destination-learners/field-mapping.js";
import type { SourceConfig } from "../source-hibob/config.js";
import { sourceHibob } from "../source-hibob/source.js";
import { connectionFolder, type ConnectionFolder } from "../runner/state-store.js";
import { ConfigFile } from "./config-store.js";
import { testDestination, testSource } from "./connection-tests.js";
import { ConsoleScheduler } from "./console-schedule.js";
import { openRejects, readReport, readReportHtml, readRuns, timeline } from "./history.js";
import { SyncSession } from "./live-sync.js";
import { permissionGuide } from "./permission-guide.js";
import { checkSchedule, cronOf, nextRun, readSchedule, saveSchedule } from "./schedule-settings.js";
import type { ScheduleSettings } from "./schedule-settings.js";
import type { ApiAnswer, ApiRequest, ConsoleRoutes } from "./server.js";
import type { ConsoleState, HistoryView, JsonObject, ScheduleView } from "./api-types.js";
import { ConfigError } from "../protocol/index.js";

export interface ConsoleAppOptions {
  readonly stateDir: string;
  readonly connection: string;
  readonly sourceConfig: string;
  readonly destinationConfig: string;
  readonly log: (line: string) => void;
  /** The demo's emulator: a day can pass in Bob from the console. */
  readonly demo?: { readonly passDay: () => string };
}

const ConfigBody = z.object({ config: z.unknown() });
const RunBody = z.object({ kind: z.enum(["sync", "preview"]) });

const ok = (body: unknown, status = 200): ApiAnswer => ({ status, body });

/** A word as a POSIX shell reads it back unchanged: quoted when it holds anything but safe characters. */
export const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

const refused = (status: number, error: string): ApiAnswer => ({ status, body: { error } });

/**
 * Everything the console does, behind its API: the two config files, Test connection, the schedule, runs and
 * their live progress, history and reports. Each route is a few lines over the modules that do the work.
 */
export class ConsoleApp implements ConsoleRoutes {
  readonly source: ConfigFile<SourceConfig>;
  readonly destination: ConfigFile<DestinationConfig>;
  readonly session: SyncSession;
  readonly scheduler: ConsoleScheduler;
  readonly #folder: ConnectionFolder;
  readonly #options: ConsoleAppOptions;
  #schedule: ScheduleSettings | null = null;

  constructor(options: ConsoleAppOptions) {
    this.#options = options;
    this.#folder = connectionFolder(options.stateDir, options.connection);
    this.source = new ConfigFile(options.sourceConfig, sourceHibob);
    this.destination = new ConfigFile(options.destinationConfig, destinationLearners);
    this.session = new SyncSession({
      stateDir: options.stateDir,
      connection: options.connection,
      sourceConfig: options.sourceConfig,
      destination: this.destination,
      log: options.log,
    });
    this.scheduler = new ConsoleScheduler(async (signal) => {
      const run = this.session.start("sync");
      if (!run.started) {
        options.log("Skipped a scheduled sync: a sync or preview started from the console is still running.");
        return;
      }
      signal.addEventListener("abort", () => {
        this.session.stop();
      });
      const result = await run.done;
      if (result?.report.status !== "succeeded")
        options.log("The scheduled sync failed; the schedule goes on.");
    }, options.log);
  }

  /** Starts the saved schedule, if it is on. */
  async start(): Promise<void> {
    this.#schedule = await readSchedule(this.#folder);
    await this.scheduler.apply(this.#schedule);
  }

  /** Stops the schedule and the run going on (at its next checkpoint, keeping what it committed). */
  async close(): Promise<void> {
    const stopped = this.scheduler.stop();
    this.session.stop();
    await stopped;
    await this.session.idle();
  }

  reportHtml(runId: string): Promise<string | undefined> {
    return readReportHtml(this.#folder, runId);
  }

  async api({ method, path, body }: ApiRequest): Promise<ApiAnswer> {
    const route = `${method} ${path}`;
    switch (route) {
      case "GET /state":
        return ok(await this.#state());
      case "PUT /source/config":
        return this.#withConfig(body, (config) => this.source.save(config));
      case "POST /source/test":
        return this.#withConfig(body, (config) => testSource(this.source, config));
      case "PUT /destination/config":
        return this.#withConfig(body, (config) => this.destination.save(config));
      case "POST /destination/test":
        return this.#withConfig(body, (config) => testDestination(this.destination, config));
      case "PUT /schedule":
        return this.#saveSchedule(body);
      case "POST /runs":
        return await this.#startRun(body);
      case "POST /runs/stop":
        this.session.stop();
        return ok({ stopping: this.session.current !== null }, 202);
      case "GET /runs/events":
        return {
          stream: (send) => {
            send("current", this.session.current);
            return this.session.subscribe((event) => {
              send(event.type, event);
            });
          },
        };
      case "GET /history":
        return ok(await this.#history());
      case "POST /demo/day":
        if (this.#options.demo === undefined) return refused(404, "This console is not the demo's.");
        return ok({ summary: this.#options.demo.passDay() });
    }
    const report = /^GET \/reports\/([A-Za-z0-9-]+)$/.exec(route)?.[1];
    if (report !== undefined) {
      const found = await readReport(this.#folder, report);
      return found === undefined ? refused(404, "There is no report by that id.") : ok(found);
    }
    return refused(404, "No such API route.");
  }

  async #withConfig(body: unknown, use: (config: unknown) => Promise<unknown>): Promise<ApiAnswer> {
    const parsed = ConfigBody.safeParse(body);
    if (!parsed.success) return refused(400, "Send {config: {...}}.");
    return ok(await use(parsed.data.config));
  }

  async #state(): Promise<ConsoleState> {
    const schedule = this.#schedule ?? (await readSchedule(this.#folder));
    const problems: string[] = [];
    const masked = async (file: {
      masked(): Promise<JsonObject | undefined>;
    }): Promise<JsonObject | null> => {
      try {
        return (await file.masked()) ?? null;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(error.message);
        return null;
      }
    };
    return {
      connection: this.#options.connection,
      stateDir: this.#options.stateDir,
      files: { source: this.source.path, destination: this.destination.path },
      demo: this.#options.demo !== undefined,
      source: { spec: this.source.schema, config: await masked(this.source) },
      destination: { spec: this.destination.schema, config: await masked(this.destination) },
      problems,
      guide: permissionGuide(),
      mapping: {
        fields: LEARNER_FIELDS_MAPPABLE,
        defaults: DEFAULT_FIELD_MAPPING,
        labelFields: [...LABEL_FIELDS],
      },
      triggers: COURSE_TRIGGERS,
      schedule: this.#scheduleView(schedule),
      running: this.session.current,
    };
  }

  #scheduleView(settings: ScheduleSettings): ScheduleView {
    const cron = cronOf(settings);
    return {
      settings,
      running: this.scheduler.running,
      next: nextRun(settings)?.toISOString() ?? null,
      cron,
      command: [
        "hibob-learners schedule",
        ...["--cron", cron, "--timezone", settings.timezone],
        ...["--source-config", this.source.path, "--destination-config", this.destination.path],
        ...["--state-dir", this.#options.stateDir, "--connection", this.#options.connection],
      ]
        .map((word, index) => (index === 0 ? word : shellWord(word)))
        .join(" "),
    };
  }

  async #saveSchedule(body: unknown): Promise<ApiAnswer> {
    const checked = checkSchedule(body);
    if (!checked.ok) return ok({ saved: false, message: checked.message });
    await saveSchedule(this.#folder, checked.settings);
    this.#schedule = checked.settings;
    await this.scheduler.apply(checked.settings);
    return ok({ saved: true, schedule: this.#scheduleView(checked.settings) });
  }

  async #startRun(body: unknown): Promise<ApiAnswer> {
    const parsed = RunBody.safeParse(body);
    if (!parsed.success) return refused(400, 'Send {kind: "sync"} or {kind: "preview"}.');
    // Without both configs a run could only fail, or preview a default target nobody chose.
    if ((await this.source.read()) === undefined || (await this.destination.read()) === undefined) {
      return refused(
        409,
        "Connect Bob and the learning platform first (steps 1 and 2): a config is missing.",
      );
    }
    const run = this.session.start(parsed.data.kind);
    if (!run.started) return refused(409, "A sync or preview is already running; wait for it to end.");
    return ok({ started: true }, 202);
  }

  async #history(): Promise<HistoryView> {
    const { runs, damaged } = await readRuns(this.#folder);
    const schedule = this.#schedule ?? (await readSchedule(this.#folder));
    return {
      runs: [...runs].reverse(),
      damaged,
      timeline: timeline(runs),
      openRejects: await openRejects(this.#folder, runs),
      next: nextRun(schedule)?.toISOString() ?? null,
      scheduleRunning: this.scheduler.running,
    };
  }
}
