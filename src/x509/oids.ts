// Object identifiers, as the lower-case hex of their DER contents (compared with der.hexOf).
export const OID_RSA = '2a864886f70d010101';
export const OID_RSA_PSS = '2a864886f70d01010a';
export const OID_MGF1 = '2a864886f70d010108';
export const OID_SHA1_RSA = '2a864886f70d010105';
export const OID_SHA256_RSA = '2a864886f70d01010b';
export const OID_SHA384_RSA = '2a864886f70d01010c';
export const OID_SHA512_RSA = '2a864886f70d01010d';
export const OID_EC_PUBLIC_KEY = '2a8648ce3d0201';
export const OID_P256 = '2a8648ce3d030107';
export const OID_P384 = '2b81040022';
export const OID_ED25519 = '2b6570';
export const OID_ECDSA_SHA1 = '2a8648ce3d0401';
export const OID_ECDSA_SHA256 = '2a8648ce3d040302';
export const OID_ECDSA_SHA384 = '2a8648ce3d040303';
export const OID_ECDSA_SHA512 = '2a8648ce3d040304';
export const OID_SHA1 = '2b0e03021a';
export const OID_SHA256 = '608648016503040201';
export const OID_SHA384 = '608648016503040202';
export const OID_SHA512 = '608648016503040203';
// certificate extensions (id-ce 2.5.29.x)
export const OID_SKI = '551d0e';
export const OID_KEY_USAGE = '551d0f';
export const OID_SAN = '551d11';
export const OID_BASIC_CONSTRAINTS = '551d13';
export const OID_NAME_CONSTRAINTS = '551d1e';
export const OID_CERT_POLICIES = '551d20';
export const OID_POLICY_MAPPINGS = '551d21';
export const OID_AKI = '551d23';
export const OID_POLICY_CONSTRAINTS = '551d24';
export const OID_EXT_KEY_USAGE = '551d25';
export const OID_INHIBIT_ANY_POLICY = '551d36';
// extended key usages (1.3.6.1.5.5.7.3.x) and anyExtendedKeyUsage (2.5.29.37.0)
export const OID_EKU_SERVER = '2b06010505070301';
export const OID_EKU_CLIENT = '2b06010505070302';
export const OID_EKU_ANY = '551d2500';
// attribute types
export const OID_EMAIL_ADDRESS = '2a864886f70d010901';
