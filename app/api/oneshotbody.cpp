#include "api/oneshotbody.h"

namespace feather::api {

OneShotBody::OneShotBody(QObject *parent)
    : QIODevice(parent)
{
    open(QIODevice::ReadOnly);
}

} // namespace feather::api
