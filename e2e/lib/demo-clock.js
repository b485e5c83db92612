// Dates and times on the demo organisation's clock (Europe/London), as its server reads a
// form's date and datetime-local fields, whatever the zone of the machine running the tests.
const DEMO_ZONE = "Europe/London";

function partsAt(date) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: DEMO_ZONE, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(date);
  const part = (type) => parts.find((p) => p.type === type).value;
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute") };
}

/** The demo's date `offsetDays` from today, "YYYY-MM-DD". */
export function demoDate(offsetDays = 0) {
  const { year, month, day } = partsAt(new Date(Date.now() + offsetDays * 86_400_000));
  return `${year}-${month}-${day}`;
}

/** The demo's wall-clock time `offsetMinutes` from now, "YYYY-MM-DDTHH:MM". */
export function demoDateTime(offsetMinutes = 0) {
  const { year, month, day, hour, minute } = partsAt(new Date(Date.now() + offsetMinutes * 60_000));
  return `${year}-${month}-${day}T${hour}:${minute}`;
}

/** The last complete month, as the dashboard's charts end with it: ["2026-11", "Nov 2026"]. */
export function lastCompleteMonth() {
  const [year, month] = demoDate().split("-").map(Number);
  const last = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return [`${last.year}-${String(last.month).padStart(2, "0")}`, `${names[last.month - 1]} ${last.year}`];
}
