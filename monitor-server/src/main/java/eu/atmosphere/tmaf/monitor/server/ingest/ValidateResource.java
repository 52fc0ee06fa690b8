package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.schema.MessageValidator;
import eu.atmosphere.tmaf.monitor.server.http.RequestHead;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.glassfish.grizzly.http.server.Request;

/**
 * {@code POST /monitor/validate}: checks a message or batch exactly as {@code POST /monitor}
 * does (same limits, same problem+json listing the violations) but never publishes it, and
 * needs no credentials: for probe developers and the developer page. Valid: 200
 * {@code {"valid":true,"messages":N}}.
 */
@Path("/monitor/validate")
public final class ValidateResource {

    private final IngestSettings config;
    private final MessageValidator validator;

    /**
     * @param config    the body limit
     * @param validator the schema validator
     */
    public ValidateResource(IngestSettings config, MessageValidator validator) {
        this.config = config;
        this.validator = validator;
    }

    /**
     * @param body    a message or batch
     * @param request the Grizzly request, carrying its {@link RequestHead}
     * @return 200 if valid; invalid bodies end in a problem (400, 413, 415)
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response validate(InputStream body, @Context Request request) {
        RequestHead head = RequestHead.of(request);
        CheckedBody checked = CheckedBody.read(head, body, config.maxBodyBytes(), config.maxBatchItems(), validator,
                "; checked only, nothing is ever stored by /monitor/validate");
        int messages = checked.document().size();
        return Response.ok("{\"valid\":true,\"messages\":" + messages + ",\"requestId\":\""
                + head.requestId() + "\"}", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
