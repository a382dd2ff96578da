#ifndef CENSUS_CLIBCRYPTO_SHIM_H
#define CENSUS_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>

/**
 * The SHA-256 of `count` bytes at `bytes` into `digest` (32 bytes), by OpenSSL, which uses the
 * processor's SHA instructions where it has them. Returns 1 on success.
 */
static inline int census_sha256(const void *bytes, size_t count, unsigned char *digest) {
    unsigned int length = 0;
    return EVP_Digest(bytes, count, digest, &length, EVP_sha256(), NULL);
}

#endif
