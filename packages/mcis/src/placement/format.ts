// Number formatting for explanations: "$0.042/h", "8,880 km", "3rd".

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ... */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** An amount with enough digits to tell hourly prices apart: $0.0416, $0.16, $30.00, 1.20 EUR. */
export function formatMoney(amount: number, currency: string): string {
  const digits = amount >= 1 ? amount.toFixed(2) : Number(amount.toPrecision(3)).toString();
  return currency === "USD" ? `$${digits}` : `${digits} ${currency}`;
}

/** Whole kilometres with thousands separators. */
export function formatKm(km: number): string {
  return `${grouped.format(km)} km`;
}

/** Whole milliseconds with thousands separators. */
export function formatMs(ms: number): string {
  return `${grouped.format(ms)} ms`;
}
