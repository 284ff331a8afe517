package dev.telltale.proxy;

/** The parts of an {@link ExchangeView} that are the request as it arrived, read from its {@link RequestFacts}. */
interface RequestView extends ExchangeView {
    RequestFacts facts();

    @Override default long startEpochMillis() { return facts().startEpochMillis(); }
    @Override default String requestId() { return facts().requestId(); }
    @Override default String client() { return facts().clientIp(); }
    @Override default String method() { return facts().method(); }
    @Override default String uri() { return facts().uri(); }
    @Override default String protocol() { return facts().protocol(); }
    @Override default String host() { return facts().host(); }
    @Override default String userAgent() { return facts().userAgent(); }
    @Override default String referer() { return facts().referer(); }
}
