// Which versions a configuration and a ClientHello allow, for the code every build keeps (the
// TLS 1.2 code itself, tls12/, is the feature 'tls12').
import type { Suite12 } from './tls12/suites';
import { suites12Of } from './tls12/suites';
import { boardHas } from '../board';

/** The suites of the configuration that are TLS 1.2 ones (all when none is named); none in a
 * bundle built without TLS 1.2 (a 1.3-only board). */
export function configSuites12(names: string[] | undefined): Suite12[] {
  return boardHas('tls12') ? suites12Of(names) : [];
}

/** Whether the configuration allows a version ('TLSv1.2' or 'TLSv1.3'); default both. */
export function versionEnabled(versions: string[] | undefined, v: string): boolean {
  return !versions || versions.indexOf(v) >= 0;
}

/** The versions a ClientHello offers: supported_versions when present, else its version field.
 * A quick look that only reads what it must; the full parse comes after. */
export function helloVersions(msg: Uint8Array): { v12: boolean; v13: boolean } {
  const out = { v12: false, v13: false };
  if (msg.length < 4 + 35) return out;
  const legacy = (msg[4] << 8) | msg[5];
  let p = 4 + 34;
  p += 1 + msg[p];
  if (p + 2 > msg.length) return out;
  p += 2 + ((msg[p] << 8) | msg[p + 1]);
  if (p + 1 > msg.length) return out;
  p += 1 + msg[p];
  let sv = false;
  if (p + 2 <= msg.length) {
    const end = p + 2 + ((msg[p] << 8) | msg[p + 1]);
    p += 2;
    while (p + 4 <= end && end <= msg.length) {
      const t = (msg[p] << 8) | msg[p + 1];
      const n = (msg[p + 2] << 8) | msg[p + 3];
      if (t === 43 && n >= 1 && p + 4 + n <= end) {
        sv = true;
        for (let i = p + 5; i + 1 < p + 5 + msg[p + 4] && i + 1 < p + 4 + n; i += 2) {
          const v = (msg[i] << 8) | msg[i + 1];
          if (v === 0x0304) out.v13 = true;
          if (v === 0x0303) out.v12 = true;
        }
      }
      p += 4 + n;
    }
  }
  if (!sv) out.v12 = legacy >= 0x0303;
  return out;
}
