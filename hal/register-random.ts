// Randomness from a 32-bit hardware RNG register (the ESP32 family's RNG_DATA_REG), shared by the
// backends that read one: Espruino through peek32, JerryScript through the firmware's peek32.
import type { Random } from './types';
import { microtlsError } from '../src/errors';

/** Random bytes from the register at `address`, read with `read`. Two equal words in a row, or
 * words that never change, mean the register is not a live RNG (wrong address, or a chip whose
 * RNG is disabled): that is refused rather than used. */
export function registerRandom(address: number, read: (address: number) => number): Random {
  let last = -1;
  return {
    fill: function (out: Uint8Array): void {
      let i = 0;
      while (i < out.length) {
        const w = read(address) >>> 0;
        if (w === last) {
          throw microtlsError('TlsError', 'rng_failure', 'the RNG register at 0x' + address.toString(16) + ' repeated a word', -1);
        }
        last = w;
        for (let k = 0; k < 4 && i < out.length; k++) out[i++] = (w >>> (8 * k)) & 255;
      }
    },
  };
}
