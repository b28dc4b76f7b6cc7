// libFuzzer target: what a client sends feather-devserver (app/devserver/httpparser.h): the
// request head up to the blank line, then a chunked body fed in pieces of varying size.
#include "devserver/httpparser.h"
#include "fuzzinput.h"

using namespace feather;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype end = input.indexOf("\r\n\r\n");
    const QByteArray head = end < 0 ? input : input.left(end + 2);
    devserver::HttpRequest request;
    (void)devserver::parseRequestHead(head, &request);
    (void)request.header("content-length");

    const QByteArray rest = end < 0 ? input : input.mid(end + 4);
    devserver::ChunkedDecoder decoder(4096);
    QByteArray body;
    qsizetype at = 0;
    for (qsizetype step = 1; at < rest.size() && !decoder.done() && !decoder.error(); ++step) {
        const qsizetype used = decoder.feed(
            QByteArrayView(rest).sliced(at, qMin(step % 7 + 1, rest.size() - at)), &body);
        if (used < 0 || at + used > rest.size())
            __builtin_trap(); // feed() must never claim bytes it was not given
        if (used == 0 && !decoder.done() && !decoder.error() && step > rest.size() * 8 + 64)
            __builtin_trap(); // stuck without consuming input
        at += used;
    }
    return 0;
}
