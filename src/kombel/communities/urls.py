app_name = "communities"
urlpatterns: list = []
