// Preloaded into the processes of a test (`node --import`) to let days pass for them: every clock reading is
// moved ahead by SHIFTED_CLOCK_DAYS days, as the machine's clock would be that many days later.
const days = Number(process.env.SHIFTED_CLOCK_DAYS ?? "0");

if (Number.isFinite(days) && days !== 0) {
  const offset = days * 86_400_000;
  const RealDate = globalThis.Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
