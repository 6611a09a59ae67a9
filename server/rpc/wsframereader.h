// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

/**
 * Reads what a WebSocket client sends (RFC 6455, section 5) as it arrives, in pieces of any
 * size, and hands on each whole message and control frame.
 *
 * A client's frames are masked; a message may come in fragments with control frames between
 * them; no extension is agreed, so the reserved bits are clear. A text message must be UTF-8.
 * Anything else ends the reading with the close code the RFC names for it (1002, 1007, or 1009
 * for a message over the limit, refused from its frame header before its payload arrives).
 *
 * Between messages the reader holds nothing but its state: a thousand idle peers allocate
 * nothing here. A message's payload is unmasked as it arrives into the one buffer handed on.
 */
class WsFrameReader
{
public:
    enum Opcode : quint8 {
        Continuation = 0x0,
        Text = 0x1,
        Binary = 0x2,
        Close = 0x8,
        Ping = 0x9,
        Pong = 0xa,
    };
    /** What a close frame without a status code stands for (RFC 6455, 7.4.1); never sent. */
    static constexpr quint16 NoStatus = 1005;

    class Handler
    {
    public:
        /** A whole message; a text one is valid UTF-8. */
        virtual void messageRead(QByteArray &&message, bool text) = 0;
        virtual void pingRead(QByteArrayView payload) = 0;
        virtual void pongRead() = 0;
        /** The client closes (code NoStatus when it gave none); nothing after it is read. */
        virtual void closeRead(quint16 code, QByteArrayView reason) = 0;

    protected:
        ~Handler() = default;
    };

    explicit WsFrameReader(qint64 maxMessageBytes);

    /**
     * Reads bytes, handing on what completes. Returns false once the reading has ended: at a
     * close frame or an error (failed()); what follows is not read.
     */
    bool feed(QByteArrayView bytes, Handler &handler);

    bool failed() const { return m_errorCode != 0; }
    /** The close code to answer the error with (1002, 1007 or 1009), and why. */
    quint16 errorCode() const { return m_errorCode; }
    const char *errorReason() const { return m_errorReason; }
    /** Whether a close frame or an error has ended the reading. */
    bool ended() const { return m_state == State::Ended; }
    /** Whether the close code a client sent may stand in a close frame (RFC 6455, 7.4). */
    static bool isValidCloseCode(quint16 code);

private:
    enum class State { Header, Payload, Ended };
    /** The header is whole once m_headNeed bytes are in; false when it needs more (or failed). */
    bool headerRead();
    void payloadRead(const char *data, qsizetype size);
    void frameRead(Handler &handler);
    /** Ends the reading with an error; returns false. */
    bool fail(quint16 code, const char *reason);

    qint64 m_maxMessageBytes;
    State m_state = State::Header;
    quint8 m_head[14] = {};
    qsizetype m_headHave = 0;
    qsizetype m_headNeed = 2;
    quint8 m_opcode = 0; // of the frame being read
    bool m_fin = false;
    quint8 m_mask[4] = {};
    qsizetype m_maskAt = 0; // payload bytes of this frame unmasked so far
    qint64 m_remaining = 0; // payload bytes of this frame still to come
    bool m_inMessage = false; // a fragmented message is under way
    bool m_text = false; // its first frame was text
    QByteArray m_message; // the data message's payload so far
    QByteArray m_control; // a control frame's payload (at most 125 bytes)
    quint16 m_errorCode = 0;
    const char *m_errorReason = "";
};
