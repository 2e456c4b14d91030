// libzstd from Debian's libzstd-dev: the archiver's segment files (DESIGN.md section 10).
#include <zstd.h>
