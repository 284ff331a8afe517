package dev.telltale.demo;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP DNS server on {@code 127.0.0.1}, port 0, answering from a table: a mapped name gets its
 * A records (and an empty NOERROR answer for other types, e.g. AAAA); a silent name gets no
 * answer at all, so the resolver times out ({@code dns} / {@code dns_timeout}); any other name
 * gets NXDOMAIN ({@code dns} / {@code dns_error}). Names are matched case-insensitively,
 * without the trailing dot.
 */
public final class FakeDnsServer implements AutoCloseable {
    /** TTL of the records given to {@link #start(Map, Set)}, in seconds. */
    public static final int DEFAULT_TTL_SECONDS = 60;

    private record Answer(List<byte[]> addresses, int ttlSeconds) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final EventLoopGroup group;
    private final Channel channel;

    private FakeDnsServer(Map<String, List<String>> answers, Set<String> silent) {
        answers.forEach((name, ips) -> set(name, ips, DEFAULT_TTL_SECONDS));
        silent.forEach(name -> this.silent.add(normalize(name)));
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("fake-dns", true));
        try {
            this.channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                    new Responder());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Starts a server.
     *
     * @param answers names and their IPv4 addresses (literals), served with {@link #DEFAULT_TTL_SECONDS}
     * @param silent  names never answered
     */
    public static FakeDnsServer start(Map<String, List<String>> answers, Set<String> silent) {
        return new FakeDnsServer(answers, silent);
    }

    /** Where to send queries: {@code 127.0.0.1:PORT}. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Maps {@code name} to {@code ips} (IPv4 literals) with a TTL in seconds, replacing any earlier answer. */
    public void set(String name, List<String> ips, int ttlSeconds) {
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("ttl: " + ttlSeconds + " (expected: >= 0)");
        }
        List<byte[]> addresses = ips.stream().map(FakeDnsServer::ipv4).toList();
        String key = normalize(name);
        silent.remove(key);
        answers.put(key, new Answer(addresses, ttlSeconds));
    }

    /** Forgets {@code name}: from now on it gets NXDOMAIN (a record deleted from the zone). */
    public void remove(String name) {
        String key = normalize(name);
        answers.remove(key);
        silent.remove(key);
    }

    /** Queries received for {@code name}, of any record type. */
    public int queries(String name) {
        AtomicInteger n = queries.get(normalize(name));
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static byte[] ipv4(String ip) {
        if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("ip: " + ip + " (expected: an IPv4 literal such as 127.0.0.1)");
        }
        try {
            InetAddress a = InetAddress.getByName(ip); // a literal: no lookup
            if (!(a instanceof Inet4Address)) {
                throw new IllegalArgumentException("ip: " + ip + " (expected: an IPv4 literal such as 127.0.0.1)");
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("ip: " + ip + " (expected: an IPv4 literal such as 127.0.0.1)");
        }
    }

    /** Runs on the server's event loop; the decoder hands over one query per datagram. */
    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            if (question == null) {
                return;
            }
            String name = normalize(question.name());
            queries.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (silent.contains(name)) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionDesired(query.isRecursionDesired());
            response.setRecursionAvailable(true);
            response.setAuthoritativeAnswer(true);
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            Answer answer = answers.get(name);
            if (answer == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else if (question.type() == DnsRecordType.A) {
                for (byte[] address : answer.addresses()) {
                    response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A,
                            answer.ttlSeconds(), Unpooled.wrappedBuffer(address)));
                }
            }
            ctx.writeAndFlush(response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a datagram that is no DNS query: dropped, the server keeps serving
        }
    }
}
