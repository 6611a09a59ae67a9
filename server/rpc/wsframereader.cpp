// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/wsframereader.h"

#include <QtEndian>

#include <cstring>

namespace {

constexpr quint16 ProtocolError = 1002;
constexpr quint16 InvalidPayload = 1007;
constexpr quint16 MessageTooBig = 1009;
/** The most of a declared frame reserved before its bytes have come. */
constexpr qsizetype ReserveBytes = 64 * 1024;

bool isControl(quint8 opcode)
{
    return opcode & 0x8;
}

} // namespace

WsFrameReader::WsFrameReader(qint64 maxMessageBytes)
    : m_maxMessageBytes(maxMessageBytes)
{ }

bool WsFrameReader::isValidCloseCode(quint16 code)
{
    // 1004-1006 and 1015 are reserved or only for reporting; 1016-2999 are for the RFC's
    // extensions; 3000-4999 are for libraries and applications.
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
}

bool WsFrameReader::fail(quint16 code, const char *reason)
{
    m_errorCode = code;
    m_errorReason = reason;
    m_state = State::Ended;
    m_message = QByteArray();
    m_control = QByteArray();
    return false;
}

bool WsFrameReader::feed(QByteArrayView bytes, Handler &handler)
{
    const char *at = bytes.data();
    const char *const end = at + bytes.size();
    while (m_state != State::Ended) {
        if (m_state == State::Header) {
            if (at == end)
                break;
            const qsizetype take = qMin<qsizetype>(end - at, m_headNeed - m_headHave);
            std::memcpy(m_head + m_headHave, at, size_t(take));
            m_headHave += take;
            at += take;
            if (m_headHave < m_headNeed || !headerRead())
                continue;
            m_state = State::Payload;
        }
        if (m_state == State::Payload) {
            const qsizetype take = qsizetype(qMin<qint64>(end - at, m_remaining));
            payloadRead(at, take);
            at += take;
            if (m_remaining > 0)
                break;
            frameRead(handler);
        }
    }
    return m_state != State::Ended;
}

bool WsFrameReader::headerRead()
{
    const bool fin = m_head[0] & 0x80;
    const quint8 opcode = m_head[0] & 0x0f;
    const quint8 lengthCode = m_head[1] & 0x7f;
    if (m_headHave == 2) {
        // The first two bytes say how long the header is; what they say is checked at once.
        if (m_head[0] & 0x70)
            return fail(ProtocolError, "reserved bits set without an extension");
        if (!(m_head[1] & 0x80))
            return fail(ProtocolError, "a client's frames must be masked");
        switch (opcode) {
        case Continuation:
            if (!m_inMessage)
                return fail(ProtocolError, "a continuation frame without a message");
            break;
        case Text:
        case Binary:
            if (m_inMessage)
                return fail(ProtocolError, "a new message inside a fragmented one");
            break;
        case Close:
        case Ping:
        case Pong:
            if (!fin || lengthCode > 125)
                return fail(ProtocolError, "a control frame must be whole and short");
            break;
        default:
            return fail(ProtocolError, "unknown opcode");
        }
        m_headNeed = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + 4;
        return false;
    }
    quint64 length = lengthCode;
    if (lengthCode == 126)
        length = qFromBigEndian<quint16>(m_head + 2);
    else if (lengthCode == 127)
        length = qFromBigEndian<quint64>(m_head + 2);
    if (length >> 63)
        return fail(ProtocolError, "frame length out of range");
    if (!isControl(opcode)) {
        if (length > quint64(m_maxMessageBytes - m_message.size()))
            return fail(MessageTooBig, "message too large");
        if (opcode != Continuation) {
            m_inMessage = true;
            m_text = opcode == Text;
            // Only for a message's first frame: reserve() gives exactly what it is asked, so
            // calling it for every fragment would copy the message once per fragment. Appends
            // grow the buffer geometrically.
            m_message.reserve(qsizetype(qMin<quint64>(length, ReserveBytes)));
        }
    }
    std::memcpy(m_mask, m_head + m_headNeed - 4, 4);
    m_opcode = opcode;
    m_fin = fin;
    m_remaining = qint64(length);
    m_maskAt = 0;
    m_headHave = 0;
    m_headNeed = 2;
    return true;
}

void WsFrameReader::payloadRead(const char *data, qsizetype size)
{
    if (size == 0)
        return;
    QByteArray &into = isControl(m_opcode) ? m_control : m_message;
    const qsizetype from = into.size();
    into.append(data, size);
    char *bytes = into.data() + from;
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(quint8(bytes[i]) ^ m_mask[(m_maskAt + i) & 3]);
    m_maskAt += size;
    m_remaining -= size;
}

void WsFrameReader::frameRead(Handler &handler)
{
    m_state = State::Header;
    switch (m_opcode) {
    case Ping:
        handler.pingRead(m_control);
        break;
    case Pong:
        handler.pongRead();
        break;
    case Close: {
        quint16 code = NoStatus;
        QByteArrayView reason;
        if (m_control.size() == 1) {
            fail(ProtocolError, "a close frame's code is two bytes");
            return;
        }
        if (m_control.size() >= 2) {
            code = qFromBigEndian<quint16>(m_control.constData());
            reason = QByteArrayView(m_control).sliced(2);
            if (!isValidCloseCode(code)) {
                fail(ProtocolError, "invalid close code");
                return;
            }
            if (!reason.isValidUtf8()) {
                fail(InvalidPayload, "the close reason is not UTF-8");
                return;
            }
        }
        m_state = State::Ended;
        handler.closeRead(code, reason);
        break;
    }
    default:
        if (!m_fin)
            return;
        if (m_text && !QByteArrayView(m_message).isValidUtf8()) {
            fail(InvalidPayload, "a text message must be UTF-8");
            return;
        }
        m_inMessage = false;
        // The buffer goes with the message: an idle peer holds none.
        handler.messageRead(std::exchange(m_message, QByteArray()), m_text);
        return;
    }
    m_control.clear();
}
