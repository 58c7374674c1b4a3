// /docs: Swagger UI (served by the deployment, from the swagger-ui-bundle package) on this API.
/* global SwaggerUIBundle */
SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui", deepLinking: true });
