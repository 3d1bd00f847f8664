// The object identifiers X.509 here knows, as the lower-case hex of their DER contents, in one
// table built at load (shared prefixes written once); code compares indices (oidIndex).
import { oidHex } from './der';
import type { Tlv } from './der';
import { boardHas } from '../board';

/** OIDs only a feature uses (tools/boards.mjs) are empty entries without it: an OID element is
 * never empty, so they match nothing (MGF1 and the SHA-2 hashes: rsa-pss-certs; emailAddress:
 * name-constraints). */
const PSS = boardHas('rsa-pss-certs');
let table =
  // 0-6: rsaEncryption, RSASSA-PSS, MGF1, sha256/384/512WithRSAEncryption, emailAddress (PKCS)
  'P101 P10a ' + (PSS ? 'P108' : '') + ' P10b P10c P10d ' + (boardHas('name-constraints') ? 'P901' : '') +
  // 7-13: id-ecPublicKey, P-256, P-384, Ed25519, ecdsa-with-SHA256/384/512
  ' E0201 E030107 2b81040022 2b6570 E040302 E040303 E040304 ' +
  // 14-16: SHA-256/384/512
  (PSS ? 'H01 H02 H03' : '  ') +
  // 17-27: id-ce SKI, keyUsage, subjectAltName, basicConstraints, nameConstraints,
  // certificatePolicies, AKI, extKeyUsage; EKU serverAuth, clientAuth, anyExtendedKeyUsage
  ' C0e C0f C11 C13 C1e C20 C23 C25 K1 K2 C2500';
if (PSS) table = table.split('H').join('6086480165030402');
const OIDS = table.split('P').join('2a864886f70d010').split('E').join('2a8648ce3d')
  .split('C').join('551d').split('K').join('2b0601050507030').split(' ');

export const OID_RSA = 0;
export const OID_RSA_PSS = 1;
export const OID_MGF1 = 2;
export const OID_SHA256_RSA = 3;
export const OID_EMAIL_ADDRESS = 6;
export const OID_EC_PUBLIC_KEY = 7;
export const OID_P256 = 8;
export const OID_P384 = 9;
export const OID_ED25519 = 10;
export const OID_ECDSA_SHA256 = 11;
export const OID_SHA256 = 14;
export const OID_SKI = 17;
export const OID_KEY_USAGE = 18;
export const OID_SAN = 19;
export const OID_BASIC_CONSTRAINTS = 20;
export const OID_NAME_CONSTRAINTS = 21;
export const OID_CERT_POLICIES = 22;
export const OID_AKI = 23;
export const OID_EXT_KEY_USAGE = 24;
export const OID_EKU_SERVER = 25;

/** The hex of a known OID's contents. */
export function oidText(i: number): string {
  return OIDS[i];
}

/** The index of an OID (hex, or an OBJECT IDENTIFIER element) in the table (-1 when unknown). */
export function oidIndex(t: Tlv | string): number {
  return OIDS.indexOf(typeof t === 'string' ? t : oidHex(t));
}
