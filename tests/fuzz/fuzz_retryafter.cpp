// libFuzzer target: the Retry-After and Date headers of a 429/503 (RFC 9110 §10.2.3, §5.6.7).
// The input is "Retry-After value" [LF "Date value"]; both go through the parsers alone and
// through the delay and the retry decision the transport takes from them.
#include "api/apimapping.h"
#include "api/retrygate.h"
#include "fuzzinput.h"

using namespace feather;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype lf = input.indexOf('\n');
    api::HttpAnswer answer;
    answer.retryAfter = lf < 0 ? input : input.left(lf);
    answer.date = lf < 0 ? QByteArray() : input.mid(lf + 1);
    (void)api::parseRetryAfter(answer.retryAfter, fuzz::fixedNow());
    (void)api::parseHttpDate(answer.retryAfter);
    (void)api::parseHttpDate(answer.date);
    api::RetryGate gate(RetryLimits{}, 42);
    for (int status : {429, 502, 503}) {
        answer.status = status;
        (void)api::requestedDelayMs(answer, fuzz::fixedNow());
        (void)gate.onAnswer(true, 1, answer, fuzz::fixedNow());
        (void)gate.onAnswer(false, 2, answer, fuzz::fixedNow());
    }
    return 0;
}
