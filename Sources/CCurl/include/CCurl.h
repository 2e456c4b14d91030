// libcurl for KomfyHTTP (downloads with resume, webhooks, S3 SigV4). curl_easy_setopt and
// curl_easy_getinfo are variadic, which Swift cannot call: these typed wrappers can be.
#ifndef KOMFY_CCURL_H
#define KOMFY_CCURL_H

#include <curl/curl.h>

typedef size_t (*komfy_curl_data_callback)(char *data, size_t size, size_t count, void *context);

CURLcode komfy_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode komfy_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode komfy_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode komfy_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode komfy_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode komfy_curl_setopt_data_callback(CURL *handle, CURLoption option, komfy_curl_data_callback callback);

CURLcode komfy_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode komfy_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode komfy_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

#endif
