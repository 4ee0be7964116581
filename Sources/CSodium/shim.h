#ifndef ECPAY_CSODIUM_SHIM_H
#define ECPAY_CSODIUM_SHIM_H

/* libsodium from Debian's libsodium-dev: Argon2id (crypto_pwhash) for password keys. */
#include <sodium.h>

/* The macros Swift cannot import as constants. */
static inline int ecpay_pwhash_alg_argon2id13(void) { return crypto_pwhash_ALG_ARGON2ID13; }
static inline unsigned long long ecpay_pwhash_opslimit_interactive(void) { return crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE; }
static inline size_t ecpay_pwhash_memlimit_interactive(void) { return crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE; }
static inline unsigned long long ecpay_pwhash_opslimit_min(void) { return crypto_pwhash_argon2id_OPSLIMIT_MIN; }
static inline size_t ecpay_pwhash_memlimit_min(void) { return crypto_pwhash_argon2id_MEMLIMIT_MIN; }
static inline size_t ecpay_pwhash_saltbytes(void) { return crypto_pwhash_argon2id_SALTBYTES; }

#endif
