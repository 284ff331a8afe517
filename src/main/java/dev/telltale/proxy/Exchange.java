package dev.telltale.proxy;

import dev.telltale.config.Durations;
import dev.telltale.config.Timeouts;
import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.FailureClassifier;
import dev.telltale.diagnose.Phase;
import dev.telltale.diagnose.Received;
import dev.telltale.diagnose.Timing;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.route.Route;
import dev.telltale.upstream.Server;
import dev.telltale.upstream.UpstreamClient;
import dev.telltale.upstream.UpstreamConnection;
import dev.telltale.upstream.UpstreamGroup;
import dev.telltale.upstream.UpstreamListener;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client request and its attempts against upstream servers. Lives on the downstream
 * channel's event loop, as does every upstream connection it uses, so it needs no locks.
 *
 * <p>Flow control, both ways: a request body piece is read from the client only when the
 * previous one was written upstream and the upstream channel is writable; the upstream is read
 * only while the client channel is writable. Nothing is aggregated.
 */
final class Exchange implements UpstreamListener, RequestView, UpstreamClient.Callback, ProgressTimer.Clocked,
        RequestBody.Owner {
    private final ProxyHandler owner;
    private final ChannelHandlerContext ctx;
    private final ProxyContext px;
    final Snapshot snap;
    final RequestFacts facts;
    final HttpRequest request;
    final Route route;
    private final RoutePlan plan;
    /** The request's variables when the route's header rules name any, else {@code null}. */
    private final RequestVariables vars;
    final UpstreamGroup upstream;
    final Timeouts timeouts;
    private final boolean idempotent;
    final boolean clientKeepAlive;

    private ExchangeState state = ExchangeState.CONNECTING;
    private UpstreamConnection conn;
    private Server server;
    private final List<Server> tried = new ArrayList<>(2);
    final List<Attempt> attempts = new ArrayList<>(1);
    private boolean serverActive;
    private long queuedSince;
    private ScheduledFuture<?> queueTimer;
    private boolean skipInterim;

    private long attemptStart;
    private long connectedAt;
    private long sentAt;
    private long firstByteAt;
    private Long connectMs;
    private Long ttfbMs;
    private final ProgressTimer timer;
    private final RequestBody body;

    private int status;
    private Integer upstreamStatus;
    private long bytesSent;
    private long declaredLength = -1;
    private long bodyReceived;
    private boolean keepClient;
    private UpstreamFailure failure;
    private long endNanos;

    Exchange(ProxyHandler owner, ChannelHandlerContext ctx, ProxyContext px, Snapshot snap, RequestFacts facts,
             HttpRequest request, Route route, UpstreamGroup upstream, RequestVariables vars) {
        this.owner = owner;
        this.ctx = ctx;
        this.px = px;
        this.snap = snap;
        this.facts = facts;
        this.request = request;
        this.route = route;
        this.plan = snap.plan(route);
        this.vars = vars != null || !plan.variables() ? vars : RequestVariables.of(facts, request, ctx.channel());
        this.upstream = upstream;
        this.timeouts = upstream.config().timeouts().with(route.config().timeouts());
        HttpMethod m = request.method();
        this.idempotent = m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS
                || m == HttpMethod.PUT || m == HttpMethod.DELETE || m == HttpMethod.TRACE;
        this.clientKeepAlive = HttpUtil.isKeepAlive(request) && !px.draining();
        this.keepClient = clientKeepAlive;
        this.timer = owner.progressTimer();
        timer.bind(this);
        this.body = new RequestBody(this, ctx, snap.config().server().limits().maxBodyBytes(),
                HttpUtil.is100ContinueExpected(request));
    }

    void start() {
        Forwarder.rewriteRequest(request, route.config(), plan.request(), vars, facts.clientIp(), facts.requestId());
        ctx.read(); // the first body piece, or the end of a body-less request
        attempt(false);
    }

    // ---- attempts -------------------------------------------------------------------------

    /** A try on the next server the balancer picks; none available at all is {@code no_live_upstream}. */
    private void attempt(boolean fresh) {
        Server next = fresh && server != null ? server : upstream.pick(tried);
        if (next != null) {
            attemptOn(next, fresh);
        } else if (upstream.saturated(tried)) {
            waitForSlot();
        } else {
            noLiveUpstream();
        }
    }

    /**
     * Every live server is at {@code max_conns}: wait in the upstream's bounded queue for a
     * slot, or fail as {@code overloaded}. The waker may run on any event loop; the retry hops
     * back to this exchange's own.
     */
    private void waitForSlot() {
        if (queuedSince == 0) {
            queuedSince = System.nanoTime();
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queuedSince);
        long leftMs = upstream.config().queue().timeout().toMillis() - waitedMs;
        if (leftMs <= 0 || !upstream.enqueue(waiter)) {
            overloaded(leftMs <= 0, waitedMs);
            return;
        }
        queueTimer = ctx.executor().schedule(() -> {
            upstream.dequeue(waiter);
            queueTimer = null;
            if (state == ExchangeState.CONNECTING && conn == null) {
                overloaded(true, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queuedSince));
            }
        }, leftMs, TimeUnit.MILLISECONDS);
    }

    private final UpstreamGroup.Waiter waiter = this::wake;

    private void wake() {
        ctx.executor().execute(this::slotOffered);
    }

    private void slotOffered() {
        if (queueTimer == null || state == ExchangeState.DONE) {
            return; // timed out or abandoned meanwhile: pass the slot on
        }
        queueTimer.cancel(false);
        queueTimer = null;
        upstream.metrics().queueWait(System.nanoTime() - queuedSince);
        attempt(false);
    }

    private void overloaded(boolean waited, long waitedMs) {
        UpstreamFailure f = FailureClassifier.connectionLimit(upstream.name(), waited, waitedMs);
        failure = f;
        upstream.metrics().failure(f.cause().wireName());
        px.events().attemptFailed(this, new Attempt(null, null, f, waitedMs, null, false), attempts.size() + 1);
        respondWithFailure(f);
    }

    private void attemptOn(Server next, boolean fresh) {
        if (!fresh) {
            tried.add(next);
        }
        server = next;
        server.attemptStarted();
        server.metrics().attempt();
        serverActive = true;
        state = ExchangeState.CONNECTING;
        attemptStart = System.nanoTime();
        connectedAt = 0;
        sentAt = 0;
        connectMs = null;
        px.client().acquire(ctx.channel().eventLoop(), server, timeouts.connect().toMillis(), fresh, this);
    }

    private void attemptEnded() {
        if (serverActive) {
            serverActive = false;
            server.attemptEnded();
            if (server.config().maxConns() > 0) {
                upstream.slotFreed();
            }
        }
    }

    private void noLiveUpstream() {
        UpstreamFailure f = FailureClassifier.noLiveUpstream(upstream.name());
        failure = f;
        upstream.metrics().failure(f.cause().wireName());
        px.events().attemptFailed(this, new Attempt(null, null, f, 0, null, false), attempts.size() + 1);
        respondWithFailure(f);
    }

    @Override
    public void connected(UpstreamConnection c) {
        if (state == ExchangeState.DONE) {
            c.release(true); // the client left while we connected; the connection is unused
            return;
        }
        conn = c;
        connectedAt = System.nanoTime();
        if (!c.reused()) {
            connectMs = TimeUnit.NANOSECONDS.toMillis(c.connectNanos());
            server.metrics().connected(c.connectNanos());
        }
        c.bind(this);
        state = ExchangeState.SENDING;
        timer.progress();
        request.headers().set(io.netty.handler.codec.http.HttpHeaderNames.HOST,
                route.config().preserveHost() && facts.host() != null ? facts.host() : server.authority());
        body.send(request);
        if (conn == null) {
            return; // failed while writing
        }
        c.channel().read();
        timer.arm();
    }

    @Override
    public void failed(Throwable cause, Phase phase, String address) {
        if (state == ExchangeState.DONE) {
            return;
        }
        UpstreamFailure f = FailureClassifier.classify(cause, phase, address);
        fail(f, address);
    }

    // ---- request body (RequestBody.Owner) ------------------------------------------------------

    void requestContent(HttpContent c) {
        body.offer(c);
    }

    @Override
    public UpstreamConnection target() {
        return state == ExchangeState.CONNECTING ? null : conn;
    }

    @Override
    public boolean finished() {
        return state == ExchangeState.DONE;
    }

    @Override
    public void refuse(HttpResponseStatus st, String reason) {
        keepClient = false;
        localFailure(st, reason);
    }

    @Override
    public void writeFailed(Throwable cause) {
        upstreamException(cause);
    }

    @Override
    public void progressed() {
        timer.progress();
    }

    @Override
    public void sent() {
        if (state == ExchangeState.SENDING) {
            state = ExchangeState.AWAITING_HEAD;
            sentAt = System.nanoTime();
            timer.arm();
        }
    }

    @Override
    public void upstreamWritabilityChanged(boolean writable) {
        if (writable) {
            body.upstreamWritable();
        }
    }

    // ---- response ---------------------------------------------------------------------------

    @Override
    public void upstreamMessage(HttpObject msg) {
        timer.progress();
        if (state == ExchangeState.DONE) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse res) {
            responseHead(res);
        }
        if (msg instanceof HttpContent c && state != ExchangeState.DONE) {
            responseContent(c);
        }
    }

    private void responseHead(HttpResponse res) {
        if (res.decoderResult().isFailure()) {
            ReferenceCountUtil.release(res);
            byte[] got = conn.received();
            fail(FailureClassifier.invalidResponse(res.decoderResult().cause(), Phase.READ_HEADERS, false,
                    Received.escape(got, 200), Received.sniff(got)), conn.address());
            return;
        }
        if (res.status().codeClass() == HttpStatusClass.INFORMATIONAL
                && res.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            skipInterim = true; // 100/103 from the upstream: the proxy already answered Expect itself
            return;
        }
        state = ExchangeState.RELAYING;
        server.health().succeeded();
        firstByteAt = System.nanoTime();
        long ttfb = firstByteAt - attemptStart;
        ttfbMs = TimeUnit.NANOSECONDS.toMillis(ttfb);
        server.metrics().firstByte(ttfb);
        status = res.status().code();
        upstreamStatus = status;
        declaredLength = HttpUtil.getContentLength(res, -1L);
        boolean upstreamKeepAlive = HttpUtil.isKeepAlive(res);
        boolean bodyAllowed = request.method() != HttpMethod.HEAD && status != 204 && status != 304;
        if (!body.complete() || px.draining()) {
            // Answered before the body ended (its rest cannot be skipped safely), or shutting down.
            keepClient = false;
        }
        Forwarder.rewriteLocation(res.headers(), plan.response(), facts.host(), ctx.channel());
        boolean delimited = Forwarder.rewriteResponse(res, plan.response(), vars, facts.requestId(), bodyAllowed,
                request.protocolVersion().equals(HttpVersion.HTTP_1_1) || facts.http11(), keepClient);
        keepClient &= delimited;
        this.upstreamKeepAlive = upstreamKeepAlive;
        ctx.write(res);
    }

    private boolean upstreamKeepAlive;

    private void responseContent(HttpContent c) {
        if (skipInterim) {
            skipInterim = !(c instanceof LastHttpContent);
            c.release();
            return;
        }
        if (c.decoderResult().isFailure()) {
            Throwable t = c.decoderResult().cause();
            c.release();
            UpstreamFailure f;
            if (t instanceof PrematureChannelClosureException && declaredLength >= 0) {
                f = FailureClassifier.shortBody(declaredLength, bodyReceived, conn.address());
            } else if (t instanceof PrematureChannelClosureException) {
                f = FailureClassifier.closed(Phase.READ_BODY, conn.address());
            } else {
                f = FailureClassifier.invalidResponse(t, Phase.READ_BODY, true, null, null);
            }
            fail(f, conn.address());
            return;
        }
        int n = c.content().readableBytes();
        bodyReceived += n;
        bytesSent += n;
        if (c instanceof LastHttpContent) {
            responseEnd(c);
        } else {
            ctx.write(c);
        }
    }

    private void responseEnd(HttpContent last) {
        timer.release(this);
        state = ExchangeState.DONE;
        endNanos = System.nanoTime();
        recordAttempt(null, conn.address());
        attemptEnded();
        UpstreamConnection c = conn;
        conn = null;
        c.release(upstreamKeepAlive && body.complete() && body.inFlight() == 0);
        body.release();
        ctx.writeAndFlush(last).addListener((ChannelFuture f) -> owner.exchangeDone(this, keepClient && f.isSuccess()));
    }

    @Override
    public void upstreamReadComplete() {
        ctx.flush();
        if (conn != null && state != ExchangeState.DONE && ctx.channel().isWritable()) {
            conn.channel().read();
        }
    }

    /** The client can take more: resume reading the upstream. */
    void downstreamWritable() {
        if (conn != null && state == ExchangeState.RELAYING) {
            timer.progress(); // waiting on the client is not the upstream's delay
            conn.channel().read();
        }
    }

    @Override
    public void upstreamException(Throwable cause) {
        if (state == ExchangeState.DONE || conn == null) {
            return;
        }
        fail(unlessNotHttp(FailureClassifier.classify(cause, state.phase, conn.address())), conn.address());
    }

    @Override
    public void upstreamClosed() {
        if (state == ExchangeState.DONE || conn == null) {
            return;
        }
        if (state == ExchangeState.RELAYING && declaredLength >= 0 && bodyReceived < declaredLength) {
            fail(FailureClassifier.shortBody(declaredLength, bodyReceived, conn.address()), conn.address());
            return;
        }
        fail(unlessNotHttp(FailureClassifier.closed(state.phase, conn.address())), conn.address());
    }

    /**
     * Before a response head, bytes the HTTP decoder skipped or choked on say more than the way
     * the connection ended: a TLS alert or HTTP/2 frames followed by a close is the wrong
     * protocol ({@code malformed}), not a crash.
     */
    private UpstreamFailure unlessNotHttp(UpstreamFailure f) {
        if (state == ExchangeState.RELAYING) {
            return f;
        }
        byte[] got = conn.received();
        if (got.length == 0 || (got.length >= 5 && got[0] == 'H' && got[1] == 'T' && got[2] == 'T' && got[3] == 'P'
                && got[4] == '/')) {
            return f; // nothing, or the start of an HTTP head cut short: the close is the news
        }
        return FailureClassifier.invalidResponse(new IllegalStateException(f.message()), f.phase(), false,
                Received.escape(got, 200), Received.sniff(got));
    }

    // ---- timeouts (ProgressTimer.Clocked) ------------------------------------------------------

    @Override
    public long currentTimeoutNanos() {
        return switch (state) {
            case SENDING -> timeouts.send().toNanos();
            case AWAITING_HEAD, RELAYING -> conn == null ? 0 : timeouts.read().toNanos();
            default -> 0;
        };
    }

    @Override
    public boolean waitingOnClient() {
        return state == ExchangeState.RELAYING && !ctx.channel().isWritable()
                || state == ExchangeState.SENDING && body.inFlight() == 0;
    }

    @Override
    public void timedOut() {
        boolean send = state == ExchangeState.SENDING;
        fail(FailureClassifier.timeout(state.phase, conn.address(), (send ? timeouts.send() : timeouts.read())
                .toMillis(), send ? "timeouts.send" : "timeouts.read"), conn.address());
    }

    // ---- failure ----------------------------------------------------------------------------

    private void fail(UpstreamFailure f, String address) {
        if (state == ExchangeState.DONE) {
            return;
        }
        timer.release(this);
        boolean wasReused = conn != null && conn.reused();
        boolean headersSent = state == ExchangeState.RELAYING;
        releaseUpstream();
        // A parked connection the upstream had already given up: not a try (DESIGN §4.4). Only for
        // a request that may be sent twice: a reused connection that closes after the request went
        // out may as well be an instance dying while it ran the request.
        if (wasReused && idempotent && !headersSent && !body.streamed() && f.cause() == Cause.RESET) {
            attemptEnded();
            attemptOn(server, true);
            return;
        }
        attemptEnded();
        server.health().failed(f.cause());
        server.metrics().failure(f.cause().wireName());
        Attempt a = recordAttempt(f, address);
        px.events().attemptFailed(this, a, attempts.size());
        failure = f;
        if (headersSent) {
            state = ExchangeState.DONE;
            endNanos = System.nanoTime();
            body.release();
            px.responder().abort(this, f);
            abortDownstream();
            owner.exchangeAborted(this);
            return;
        }
        if (upstream.retryPolicy().shouldRetry(attempts.size(), elapsedNanos(), f, idempotent, body.streamed())) {
            Server next = upstream.pick(tried);
            if (next != null) {
                upstream.metrics().retry();
                attemptOn(next, false);
                return;
            }
        }
        respondWithFailure(f);
    }

    private void respondWithFailure(UpstreamFailure f) {
        state = ExchangeState.DONE;
        endNanos = System.nanoTime();
        body.release();
        if (!body.complete()) {
            keepClient = false;
        }
        status = DiagnosticResponder.statusFor(f, snap.config().diagnostics());
        px.responder().respond(this, f).addListener((ChannelFuture w) -> owner.exchangeDone(this,
                keepClient && w.isSuccess()));
    }

    private Attempt recordAttempt(UpstreamFailure f, String address) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attemptStart);
        Attempt a = new Attempt(server.url(), address != null ? address : server.authority(), f, elapsed, connectMs,
                connectMs == null && f == null);
        attempts.add(a);
        return a;
    }

    /** The request itself is at fault (bad chunk, too large) while being forwarded. */
    private void localFailure(HttpResponseStatus st, String reason) {
        boolean headersSent = state == ExchangeState.RELAYING;
        timer.release(this);
        attemptEnded();
        state = ExchangeState.DONE;
        endNanos = System.nanoTime();
        releaseUpstream();
        body.release();
        if (headersSent) {
            abortDownstream();
            owner.exchangeAborted(this);
            return;
        }
        status = st.code();
        LocalReplies.write(ctx, st, reason, facts.requestId(), false)
                .addListener((ChannelFuture f) -> owner.exchangeDone(this, false));
    }

    /**
     * Ends a response that already started without completing it: what was relayed goes out,
     * then the connection closes with no terminating chunk, so the client sees an incomplete
     * response rather than a short "complete" one.
     */
    private void abortDownstream() {
        ctx.flush();
        ctx.close();
    }

    /** The client went away. */
    void clientClosed() {
        if (state == ExchangeState.DONE) {
            return;
        }
        timer.release(this);
        state = ExchangeState.DONE;
        endNanos = System.nanoTime();
        status = 499;
        attemptEnded();
        if (queueTimer != null) {
            queueTimer.cancel(false);
            queueTimer = null;
            upstream.dequeue(waiter);
        }
        releaseUpstream();
        body.release();
        owner.exchangeAborted(this);
    }

    /**
     * Closes the upstream connection, forgetting it first: closing fails the writes still
     * pending on it, and their listeners must find the exchange already detached.
     */
    private void releaseUpstream() {
        UpstreamConnection c = conn;
        conn = null;
        if (c != null) {
            c.release(false);
        }
    }

    /** The last attempt's steps as points in time from the request's arrival (see {@link Timing}). */
    Timing timing() {
        return new Timing(durationMs(), sinceStart(connectedAt), sinceStart(sentAt), sinceStart(firstByteAt));
    }

    private Long sinceStart(long at) {
        return at == 0 ? null : TimeUnit.NANOSECONDS.toMillis(at - facts.startNanos());
    }

    long elapsedNanos() {
        return (endNanos == 0 ? System.nanoTime() : endNanos) - facts.startNanos();
    }

    Server server() {
        return server;
    }

    ProxyContext px() {
        return px;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    java.net.InetAddress clientAddress() {
        return owner.clientAddress();
    }

    boolean keepClientAfterFailure() {
        return keepClient;
    }

    String timeoutSetting(String key) {
        return Durations.format(switch (key) {
            case "timeouts.connect" -> timeouts.connect();
            case "timeouts.send" -> timeouts.send();
            default -> timeouts.read();
        });
    }

    // ---- ExchangeView ------------------------------------------------------------------------

    @Override public RequestFacts facts() { return facts; }
    @Override public int status() { return status; }
    @Override public long bytesSent() { return bytesSent; }
    @Override public long durationMs() { return TimeUnit.NANOSECONDS.toMillis(elapsedNanos()); }
    @Override public String route() { return route.config().describe(); }
    @Override public String upstream() { return upstream.name(); }
    @Override public List<Attempt> attempts() { return attempts; }
    @Override public Integer upstreamStatus() { return upstreamStatus; }
    @Override public Long upstreamConnectMs() { return connectMs; }
    @Override public Long upstreamHeaderMs() { return ttfbMs; }
    @Override public UpstreamFailure failure() { return failure; }

    void bytesSent(long n) {
        bytesSent = n;
    }
}
