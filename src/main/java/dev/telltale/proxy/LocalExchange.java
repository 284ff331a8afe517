package dev.telltale.proxy;

import dev.telltale.config.ErrorPage;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.ReturnConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.Template;
import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.files.FileIo;
import dev.telltale.files.StaticLookup;
import dev.telltale.route.RequestPath;
import dev.telltale.route.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One request answered by the proxy itself: a {@code return} or {@code static} route, with
 * nginx's internal redirects ({@code index}, {@code try_files} fallbacks, {@code error_pages};
 * at most {@value #MAX_REDIRECTS}, then 500). Lives on the connection's event loop; file system
 * calls run on {@link FileIo} and hop back. An internal redirect that reaches an upstream route
 * hands the request to an {@link Exchange}.
 *
 * <p>The request body is read only once the answer is decided (so a hand-over can still
 * forward it), then drained piece by piece and dropped; the connection takes its next request
 * when both the answer is written and the body is consumed.
 */
final class LocalExchange implements RequestView {
    /** nginx's limit on internal redirects of one request. */
    static final int MAX_REDIRECTS = 10;

    private final ProxyHandler owner;
    private final ChannelHandlerContext ctx;
    private final ProxyContext px;
    private final Snapshot snap;
    private final RequestFacts facts;
    private final HttpRequest request;
    private final ListenAddress listener;
    private final RequestVariables vars;
    private final boolean keepAlive;

    private Route route;
    private int redirects;
    /** While an error page is being served: the status it answers with; else 0. */
    private int errorPageStatus;
    private int status;
    private long bytesSent;
    private long endNanos;
    private boolean responding;
    private boolean responseDone;
    private boolean writeOk;
    private boolean bodyDone;
    private boolean finished;

    LocalExchange(ProxyHandler owner, ChannelHandlerContext ctx, ProxyContext px, Snapshot snap, RequestFacts facts,
                  HttpRequest request, ListenAddress listener) {
        this.owner = owner;
        this.ctx = ctx;
        this.px = px;
        this.snap = snap;
        this.facts = facts;
        this.request = request;
        this.listener = listener;
        this.vars = new RequestVariables(facts, request.headers(), ctx.channel(), RequestPath.normalise(request.uri()));
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        // A client waiting for 100-continue may never send the body it announced: close instead of waiting for it.
        this.keepAlive = HttpUtil.isKeepAlive(request) && !px.draining()
                && !(hasBody && HttpUtil.is100ContinueExpected(request));
    }

    void start(Route r) {
        dispatch(r);
    }

    private void dispatch(Route r) {
        route = r;
        RouteConfig rc = r.config();
        if (rc.upstream() != null) {
            // A try_files fallback or error page that names an upstream route: forward from here on,
            // with $uri escaped again as nginx sends it after an internal redirect.
            request.setUri(RequestPath.escape(vars.uri()) + (vars.args() == null ? "" : "?" + vars.args()));
            owner.handOver(this, r, vars.detached());
        } else if (rc.returns() != null) {
            answerReturn(rc.returns(), snap.plan(r));
        } else {
            serveStatic(snap.plan(r));
        }
    }

    // ---- return -------------------------------------------------------------------------------

    private void answerReturn(ReturnConfig rc, RoutePlan plan) {
        int st = rc.status();
        if (st == 444) {
            status = 444; // nginx: close the connection without a response
            responding = true;
            responseDone = true;
            finish(false);
            return;
        }
        String location = plan.location() == null ? null : absolute(plan.location().expand(vars));
        if (plan.body() != null) {
            String type = rc.contentType() == null ? "text/plain" : rc.contentType();
            respond(st, type, plan.body().expand(vars), location);
        } else {
            error(st, location);
        }
    }

    // ---- static -------------------------------------------------------------------------------

    private void serveStatic(RoutePlan plan) {
        if (vars.uri() == null) {
            error(400, null); // nginx too: a path that climbs above / or holds a NUL
            return;
        }
        List<Template> tf = plan.tryFiles();
        List<String> candidates = new ArrayList<>(tf.size());
        for (int i = 0; i + 1 < tf.size(); i++) {
            candidates.add(tf.get(i).expand(vars));
        }
        String fallback = tf.isEmpty() ? null : tf.get(tf.size() - 1).expand(vars);
        String uri = vars.uri();
        HttpMethod m = errorPageStatus != 0 ? HttpMethod.GET : request.method(); // error pages are read with GET
        boolean readable = m == HttpMethod.GET || m == HttpMethod.HEAD;
        StaticLookup lookup = plan.lookup();
        try {
            FileIo.executor().execute(() -> {
                StaticLookup.Outcome o;
                try {
                    o = lookup.lookup(uri, candidates, fallback, readable);
                } catch (RuntimeException e) {
                    o = new StaticLookup.Status(500);
                }
                StaticLookup.Outcome result = o;
                ctx.executor().execute(() -> looked(result));
            });
        } catch (RejectedExecutionException e) {
            error(503, null);
        }
    }

    private void looked(StaticLookup.Outcome o) {
        if (finished) {
            if (o instanceof StaticLookup.Found f) {
                closeQuietly(f.channel()); // the client left while we looked
            }
            return;
        }
        if (o instanceof StaticLookup.Found f) {
            sendFile(f);
        } else if (o instanceof StaticLookup.Status s) {
            error(s.status(), null);
        } else if (o instanceof StaticLookup.DirectoryRedirect d) {
            error(301, absolute(d.uri() + "/" + (vars.args() == null ? "" : "?" + vars.args())));
        } else if (o instanceof StaticLookup.InternalRedirect r) {
            redirect(r.uri());
        } else if (o instanceof StaticLookup.Named n) {
            named(n.name());
        }
    }

    private void sendFile(StaticLookup.Found f) {
        boolean errorPage = errorPageStatus != 0;
        FileHead head = FileHead.decide(request, f.size(), f.modifiedMillis(), !errorPage);
        int st = errorPage ? errorPageStatus : head.status();
        boolean body = (head.status() == 200 || head.status() == 206) && request.method() != HttpMethod.HEAD
                && head.length() > 0;
        if (head.status() == 416) {
            closeQuietly(f.channel());
            unsatisfiableSize = f.size();
            error(416, null);
            return;
        }
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(st));
        head.apply(res.headers(), f.uri(), f.size(), st);
        if (head.status() == 304) {
            res.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        finishHeaders(res);
        startResponse(st);
        ctx.write(res);
        if (body) {
            region = new DefaultFileRegion(f.channel(), head.first(), head.length());
            ctx.write(region); // released (and the file closed) by the channel once written, failed or closed
        } else {
            closeQuietly(f.channel());
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this::written);
    }

    // ---- internal redirects and error pages ---------------------------------------------------

    /** nginx's internal redirect: {@code $uri} (and {@code $args} when given) change, the routes match again. */
    private void redirect(String target) {
        if (++redirects > MAX_REDIRECTS) {
            errorPageStatus = 0;
            respondPage(500, null); // "rewrite or internal redirection cycle", as nginx answers it
            return;
        }
        int q = target.indexOf('?');
        String path = RequestPath.resolve(q < 0 ? target : target.substring(0, q)); // built from $uri: decoded already
        if (path == null) {
            respondPage(400, null);
            return;
        }
        vars.redirect(path, q < 0 ? null : target.substring(q + 1));
        Route next = snap.routes().matchNormal(listener, facts.host(), path);
        if (next == null) {
            respondPage(404, null);
            return;
        }
        dispatch(next);
    }

    private void named(String name) {
        if (++redirects > MAX_REDIRECTS) {
            respondPage(500, null);
            return;
        }
        Route next = snap.routes().named(name);
        if (next == null) {
            respondPage(500, null); // checked when the config was loaded; a reload cannot remove it from this snapshot
            return;
        }
        dispatch(next);
    }

    /**
     * A status the route produced without a body of its own: its {@code error_pages} entry
     * replaces the answer (once: an error while serving an error page gets the standard page,
     * nginx's {@code recursive_error_pages off}), else the standard page.
     */
    private void error(int st, String location) {
        ErrorPage page = errorPageStatus != 0 || st < 300 ? null : snap.plan(route).errorPage(st);
        if (page == null) {
            respondPage(st, location);
            return;
        }
        errorPageStatus = page.code() != null ? page.code() : st;
        if (page.uri().startsWith("@")) {
            named(page.uri().substring(1));
        } else {
            redirect(page.uri());
        }
    }

    private void respondPage(int st, String location) {
        if (st < 300 || st == 304) {
            respond(st, null, null, location); // 200, 204 ... without a body of their own are empty, as in nginx
        } else {
            respond(st, StandardPages.CONTENT_TYPE, StandardPages.html(st), location);
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    private void respond(int st, String type, String text, String location) {
        int code = errorPageStatus != 0 ? errorPageStatus : st;
        ByteBuf body = text == null || text.isEmpty() ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeUtf8(ctx.alloc(), text);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code), body);
        HttpHeaders h = res.headers();
        if (type != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        if (code != 204 && code != 304) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        if (location != null) {
            h.set(HttpHeaderNames.LOCATION, location);
        }
        if (code == 416) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + unsatisfiableSize);
        }
        finishHeaders(res);
        startResponse(code);
        bytesSent = request.method() == HttpMethod.HEAD ? 0 : body.readableBytes();
        ctx.writeAndFlush(res).addListener(this::written);
    }

    /** The file being sent, or {@code null}. */
    private DefaultFileRegion region;
    /** The size of the file a 416 answers about, for its {@code Content-Range}. */
    private long unsatisfiableSize;

    /** The route's header rules, the request id, and whether the connection stays. */
    private void finishHeaders(HttpResponse res) {
        HttpHeaders h = res.headers();
        snap.plan(route).response().applyResponse(h, res.status().code(), vars);
        h.set(Forwarder.X_REQUEST_ID, facts.requestId());
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!facts.http11()) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void startResponse(int st) {
        status = st;
        responding = true;
        if (keepAlive && !bodyDone) {
            ctx.read(); // start draining the request body (or read its empty end)
        }
    }

    private void written(io.netty.util.concurrent.Future<? super Void> f) {
        responseDone = true;
        if (region != null) {
            bytesSent = region.transferred(); // what reached the socket, less when the client left mid-file
        }
        writeOk = f.isSuccess();
        if (!writeOk || !keepAlive || bodyDone) {
            finish(keepAlive && writeOk);
        }
    }

    /** A piece of the request body: dropped; the next is read until the last. */
    void requestContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        c.release();
        if (finished) {
            return;
        }
        if (last) {
            bodyDone = true;
            if (responseDone) {
                finish(keepAlive && writeOk);
            }
        } else {
            ctx.read();
        }
    }

    /** The client went away. */
    void clientClosed() {
        if (!finished) {
            if (!responding) {
                status = 499;
            }
            finish(false);
        }
    }

    private void finish(boolean keep) {
        if (finished) {
            return;
        }
        finished = true;
        endNanos = System.nanoTime();
        px.inFlightCounter().decrementAndGet();
        px.metrics().requestCompleted(status, endNanos - facts.startNanos());
        px.events().completed(this);
        owner.localDone(this, keep);
    }

    private String absolute(String location) {
        return Redirects.absolute(location, vars.host(), ctx.channel());
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a file opened for reading: nothing was written that could be lost
        }
    }

    Snapshot snapshot() {
        return snap;
    }

    @Override
    public RequestFacts facts() {
        return facts;
    }

    HttpRequest request() {
        return request;
    }

    long elapsedNanos() {
        return (endNanos == 0 ? System.nanoTime() : endNanos) - facts.startNanos();
    }

    // ---- ExchangeView ------------------------------------------------------------------------

    @Override public int status() { return status; }
    @Override public long bytesSent() { return bytesSent; }
    @Override public long durationMs() { return TimeUnit.NANOSECONDS.toMillis(elapsedNanos()); }
    @Override public String route() { return route == null ? null : route.config().describe(); }
    /** {@code -}: answered without an upstream. */
    @Override public String upstream() { return "-"; }
    @Override public List<Attempt> attempts() { return List.of(); }
    @Override public Integer upstreamStatus() { return null; }
    @Override public Long upstreamConnectMs() { return null; }
    @Override public Long upstreamHeaderMs() { return null; }
    @Override public UpstreamFailure failure() { return null; }
}
