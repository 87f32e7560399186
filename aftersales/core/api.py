from ninja import NinjaAPI

api = NinjaAPI(title="Aftersales API", version="1", urls_namespace="api")
