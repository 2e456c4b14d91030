// librdkafka >= 2.8, built into KOMFY_HOME by deploy/local/install-librdkafka.sh.
#include <librdkafka/rdkafka.h>
